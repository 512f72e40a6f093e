//! A date as Nuxt Content reads it. A collection field `z.date()` is a string in the page
//! (YAML 1.2 has no date type), which Nuxt Content turns into a date when it stores the page
//! (its `formatDate`, whose parse this is: `YYYY-MM-DD`, optionally with a time, `T` or a
//! space, seconds, fraction and offset; a calendar date that does not exist is no date) and
//! stops the build on one it cannot read. Other strings go to JavaScript's `Date`, whose
//! parse of anything but the ISO forms is the engine's own: only the ISO year and year-month
//! forms are taken here, so a date written another way is reported rather than guessed.

/// The format name the collection schemas use for such a field.
pub const FORMAT: &str = "nuxt-date";

/// The format name of a `z.date()` inside a field (an object's key, an array's item): Nuxt
/// Content stores it as the string the file has, so no value a file can write is a date there.
pub const NESTED: &str = "nuxt-nested-date";

/// Whether `s` is a date where Nuxt Content keeps strings: never.
pub fn is_nested_date(_: &str) -> bool {
    false
}

/// Whether Nuxt Content reads `s` as a date.
pub fn is_date(s: &str) -> bool {
    let t = s.trim();
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            .then(|| t[r].parse::<u32>().ok())
            .flatten()
    };
    // The ISO forms `YYYY` and `YYYY-MM` (JavaScript's own date-only forms).
    if b.len() == 4 {
        return digits(0..4).is_some();
    }
    if b.len() == 7 && b[4] == b'-' {
        return digits(0..4).is_some() && digits(5..7).is_some_and(|m| (1..=12).contains(&m));
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !real_day(year, month, day) {
        return false;
    }
    match b.get(10) {
        None => true,
        Some(b'T' | b't' | b' ') => time(&t[11..]),
        Some(_) => false,
    }
}

fn real_day(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HH:MM[:SS[.fff]][Z|±HH[:]MM]`, each part in range.
fn time(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |at: usize, max: u32| {
        b.get(at..at + 2)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .and_then(|_| s[at..at + 2].parse::<u32>().ok())
            .is_some_and(|n| n <= max)
    };
    if !(two(0, 23) && b.get(2) == Some(&b':') && two(3, 59)) {
        return false;
    }
    let mut at = 5;
    if b.get(at) == Some(&b':') {
        if !two(at + 1, 59) {
            return false;
        }
        at += 3;
        if b.get(at) == Some(&b'.') {
            let fraction = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if fraction == 0 {
                return false;
            }
            at += 1 + fraction;
        }
    }
    match &s[at..] {
        "" | "Z" | "z" => true,
        offset => {
            // Sliced past the sign only: what follows a time may be any character.
            let Some(rest) = offset.strip_prefix(['+', '-']) else {
                return false;
            };
            // JavaScript's `Date` takes an offset of at most 23:59 (+24:00 is no date).
            let in_range = |hours: &str, minutes: &str| {
                let hours_ok = hours.parse::<u32>().is_ok_and(|h| h <= 23);
                hours_ok && minutes.parse::<u32>().is_ok_and(|m| m <= 59)
            };
            let digits = |part: &str| part.bytes().all(|c| c.is_ascii_digit());
            match rest.len() {
                4 => digits(rest) && in_range(&rest[..2], &rest[2..]),
                5 => {
                    rest.as_bytes()[2] == b':'
                        && digits(&rest[..2])
                        && digits(&rest[3..])
                        && in_range(&rest[..2], &rest[3..])
                }
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates_as_nuxt_content_reads_them() {
        for ok in [
            "2024-05-06",
            " 2024-05-06 ",
            "2024-05-06T10:20:30Z",
            "2024-05-06 10:20:30",
            "2024-05-06T10:20",
            "2024-05-06T10:20:30.123+02:00",
            "2024-05-06T10:20:30-0500",
            "2024-05-06T10:20:30+23:59",
            "2024-02-29",
            "2024",
            "2024-05",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "someday",
            "2024-13-45",
            "2023-02-29",
            "2024-05-06T25:00",
            "2024-05-06T10:20:30+2",
            "2024-05-06T10:20:30+24:00",
            "2024-05-06T10:20:30+99:99",
            "2024-05-06T10:20:30+12:60",
            "2024-05-06T10:20:30-2400",
            "2024-5-6",
            "06/05/2024",
            "2024-05-06X",
            "2024-05-06T10:20é",
            "2024-05-06T10:20:30.5😀",
            "2024-05-06T10:20+é1:00",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
