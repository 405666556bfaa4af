//! Moving a profile's window: a running profile over the last N months
//! gains the month that arrives (`plus`) and loses the month that leaves
//! (`minus`), without re-reading the months in between.
//!
//! `plus` is `merge`. `minus(p, q)` is the profile of p's rows that are not
//! q's rows, where q is the profile of whole purchase days of p (a stored
//! monthly profile of a month inside p's window is one). Every measure the
//! profile keeps is subtracted exactly: orders, skipped rows, returns, the
//! total, the purchase days with their totals (q's days are dropped) and
//! each category's amount and rows. The one measure that cannot be
//! subtracted is the largest order line: when q holds a line as large as
//! p's largest, the largest line of what is left is not known, and `minus`
//! refuses rather than guess (roll up the remaining periods instead). What
//! can be checked that q is part of p is checked, and a q that is not is
//! refused, with one case no check can see: a q holding only some of a
//! day's lines while the rest of that day nets to zero (a sale and its
//! refund) matches the day's total, so the day is dropped though lines
//! remain on it. Hence q must be whole days of p, as a monthly profile
//! computed in the same time zone is.

use crate::decimal;
use crate::error::{Error, Result};
use crate::profile::state::{Days, Profile};

/// Why `minus` refused; the message names the SQL argument q.
fn refused(message: impl std::fmt::Display) -> Error {
    Error::invalid_parameter(format!("minus: q {message}"))
}

impl Profile {
    /// The profile of both sets of rows (see `merge`).
    pub fn plus(&self, other: &Profile) -> Result<Profile> {
        let mut sum = self.clone();
        sum.merge(other)?;
        Ok(sum)
    }

    /// The profile of this profile's rows without those of `part`, which
    /// must hold all of this profile's rows on each of its purchase days.
    /// The scale stays this profile's (equal values; a recompute over the
    /// remaining rows may show fewer trailing zeros).
    pub fn minus(&self, part: &Profile) -> Result<Profile> {
        if part.scale > self.scale {
            return Err(refused("has more decimals than p: it is not part of p"));
        }
        let align = |value: i128| decimal::rescale(value, part.scale, self.scale);
        let fewer = |mine: u64, theirs: u64, what: &str| {
            mine.checked_sub(theirs)
                .ok_or_else(|| refused(format!("has more {what} than p: it is not part of p")))
        };
        let mut rest = Profile {
            rows: fewer(self.rows, part.rows, "orders")?,
            skipped: fewer(self.skipped, part.skipped, "skipped rows")?,
            returns: fewer(self.returns, part.returns, "returns")?,
            scale: self.scale,
            total: self
                .total
                .checked_sub(align(part.total)?)
                .ok_or_else(|| decimal::total_too_large(self.scale))?,
            max_amount: self.max_amount,
            days: Days::default(),
            categories: self.categories.clone(),
            documents: None,
        };
        // Documents: each of q's must be one of p's with the same total.
        rest.documents = match (&self.documents, &part.documents) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(refused("has documents and p has none: it is not part of p"))
            }
            (Some(_), None) if part.rows > 0 => {
                return Err(refused("has no documents and p has: it is not part of p"))
            }
            (Some(mine), theirs) => {
                let mut kept = (**mine).clone();
                if let Some(theirs) = theirs {
                    if !kept.remove_whole(theirs, align)? {
                        return Err(refused(
                            "holds part of a document of p, or one p does not hold",
                        ));
                    }
                }
                Some(Box::new(kept))
            }
        };

        // Days: each of q's days must be one of p's with the same total
        // (q holds the whole day); those days go.
        let mut theirs = part.days.iter().peekable();
        let mut kept = Vec::with_capacity(self.days.len().saturating_sub(part.days.len()));
        for (day, total) in self.days.iter() {
            match theirs.peek() {
                Some(&(their_day, their_total)) if their_day == day => {
                    if align(their_total)? != total {
                        return Err(refused(format!(
                            "holds part of a purchase day of p ({}), not the whole day",
                            crate::calendar::format_day(day)
                        )));
                    }
                    theirs.next();
                }
                Some(&(their_day, _)) if their_day < day => break,
                _ => kept.push((day, total)),
            }
        }
        if let Some((day, _)) = theirs.next() {
            return Err(refused(format!(
                "has a purchase day p does not have ({}): it is not part of p",
                crate::calendar::format_day(day)
            )));
        }
        rest.days = Days::from_pairs(kept);

        // Categories: subtract amount and rows; a category without rows goes.
        for category in &part.categories {
            let index = rest
                .categories
                .binary_search_by(|mine| mine.name.as_slice().cmp(category.name.as_slice()))
                .map_err(|_| {
                    refused(format!(
                        "has a category p does not have ({}): it is not part of p",
                        category.name()
                    ))
                })?;
            let mine = &mut rest.categories[index];
            mine.rows = fewer(mine.rows, category.rows, "rows in a category")?;
            mine.amount = mine
                .amount
                .checked_sub(align(category.amount)?)
                .ok_or_else(|| decimal::total_too_large(self.scale))?;
            if mine.rows == 0 {
                if mine.amount != 0 {
                    return Err(refused(format!(
                        "has all of p's rows in category {} but not its amount: it is not part of p",
                        category.name()
                    )));
                }
                rest.categories.remove(index);
            }
        }

        // The largest line: kept when q's largest is smaller, unknown when
        // q holds a line as large as p's largest.
        if let Some(theirs) = part.max_amount {
            let theirs = align(theirs)?;
            match self.max_amount {
                Some(mine) if theirs < mine => {}
                Some(mine) if theirs == mine && rest.rows > 0 => return Err(refused(
                    "holds p's largest order line, so the largest line of the rest is not known; \
                         roll up the remaining periods' profiles instead",
                )),
                Some(mine) if theirs == mine => {}
                _ => {
                    return Err(refused(
                        "has a larger order line than p: it is not part of p",
                    ))
                }
            }
        }
        if rest.rows == 0 {
            // Nothing left: as the profile of no rows.
            rest.max_amount = None;
            rest.scale = 0;
        }
        rest.check_consistent()
            .map_err(|_| refused("does not leave a consistent profile: it is not part of p"))?;
        Ok(rest)
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Kind;
    use crate::profile::state::tests::profile_of;

    /// Rows of two months: (day, amount, category).
    fn months() -> (
        Vec<(i32, &'static str, &'static str)>,
        Vec<(i32, &'static str, &'static str)>,
    ) {
        let first = vec![
            (100, "120.00", "product"),
            (100, "30.50", "service"),
            (110, "-20.00", "product"),
            (125, "7.25", "gift"),
        ];
        let second = vec![
            (130, "200.00", "product"),
            (131, "-5.00", "service"),
            (150, "99.99", "product"),
            (150, "0.01", "service"),
        ];
        (first, second)
    }

    #[test]
    fn minus_a_month_equals_the_profile_of_the_rest() {
        let (first, second) = months();
        let all: Vec<_> = first.iter().chain(&second).copied().collect();
        let whole = profile_of(&all);
        assert_eq!(
            whole.minus(&profile_of(&first)).unwrap(),
            profile_of(&second)
        );
        // Removing the later month: its largest line (200.00) is p's largest.
        let error = whole.minus(&profile_of(&second)).unwrap_err();
        assert_eq!(error.kind, Kind::InvalidParameter);
        assert!(
            error.message.starts_with("minus: q holds p's largest"),
            "{}",
            error.message
        );
    }

    #[test]
    fn plus_then_minus_moves_the_window() {
        let (first, second) = months();
        let third = vec![(160, "15.00", "product"), (170, "1.00", "new")];
        let running = profile_of(&first).plus(&profile_of(&second)).unwrap();
        let moved = running
            .minus(&profile_of(&first))
            .unwrap()
            .plus(&profile_of(&third))
            .unwrap();
        let expected: Vec<_> = second.iter().chain(&third).copied().collect();
        assert_eq!(moved, profile_of(&expected));
    }

    #[test]
    fn minus_everything_is_empty_and_minus_nothing_is_the_same() {
        let (first, _) = months();
        let p = profile_of(&first);
        let empty = p.minus(&p).unwrap();
        assert_eq!(empty, crate::profile::state::Profile::default());
        assert_eq!(p.minus(&Default::default()).unwrap(), p);
    }

    #[test]
    fn minus_keeps_skipped_rows_and_the_larger_scale() {
        let mut p = profile_of(&[(1, "0.5", "a"), (2, "9.125", "b"), (3, "10", "c")]);
        p.skip();
        p.skip();
        let mut q = profile_of(&[(1, "0.5", "a")]);
        q.skip();
        let mut expected = profile_of(&[(2, "9.125", "b"), (3, "10", "c")]);
        expected.skip();
        assert_eq!(p.minus(&q).unwrap(), expected);
        // The scale stays p's (3) when the rest's rows have fewer decimals.
        let rest = p.minus(&profile_of(&[(2, "9.125", "b")])).unwrap();
        assert_eq!(rest.scale, 3);
        assert_eq!(rest.total().to_string(), "10.500");
        assert_eq!(rest.skipped, 2);
    }

    #[test]
    fn minus_of_every_leading_run_of_days_is_the_rest_or_refused_for_the_largest_line() {
        let (first, second) = months();
        let all: Vec<_> = first.iter().chain(&second).copied().collect();
        let whole = profile_of(&all);
        let mut days: Vec<i32> = all.iter().map(|(day, _, _)| *day).collect();
        days.dedup();
        for cut in days {
            let (before, after): (Vec<_>, Vec<_>) =
                all.iter().copied().partition(|(day, _, _)| *day < cut);
            let leaving = profile_of(&before);
            match whole.minus(&leaving) {
                Ok(rest) => assert_eq!(rest, profile_of(&after), "cut at {cut}"),
                Err(error) => {
                    assert!(
                        leaving.max_amount >= profile_of(&after).max_amount,
                        "cut at {cut}"
                    );
                    assert!(
                        error.message.contains("largest order line"),
                        "{}",
                        error.message
                    );
                }
            }
        }
    }

    #[test]
    fn minus_takes_whole_documents_away() {
        use crate::profile::documents::DocKey;
        let documented = |rows: &[(i32, &str, i64)]| {
            let mut profile = crate::profile::state::Profile::default();
            for (day, amount, document) in rows {
                let amount = crate::decimal::Decimal::parse(amount).unwrap();
                profile
                    .add_line(*day, amount, None, Some(&DocKey::Int(*document)))
                    .unwrap();
            }
            profile
        };
        let early = [(10, "5.00", 1), (10, "7.00", 1), (20, "-3.00", 2)];
        let late = [(40, "100.00", 3), (41, "1.00", 3), (50, "2.00", 4)];
        let all: Vec<_> = early.iter().chain(late.iter()).copied().collect();
        let whole = documented(&all);
        let rest = whole.minus(&documented(&early)).unwrap();
        assert_eq!(rest.header().orders(), 2);
        assert_eq!(rest.header().returns(), 0);
        assert_eq!(rest.encode(), documented(&late).encode());
        // Part of a document is not part of p's documents.
        let error = whole.minus(&documented(&[(40, "100.00", 3)])).unwrap_err();
        assert!(error.message.contains("document"), "{}", error.message);
        assert!(profile_of(&[(40, "100.00", "x")])
            .minus(&documented(&[(40, "100.00", 3)]))
            .is_err());
    }

    #[test]
    fn a_q_that_is_not_part_of_p_is_refused() {
        let (first, second) = months();
        let p = profile_of(&first);
        let cases = [
            // A day p does not have.
            profile_of(&[(101, "1.00", "product")]),
            // Part of a day only.
            profile_of(&[(100, "120.00", "product")]),
            // Another category.
            profile_of(&[(125, "7.25", "other")]),
            // More decimals than p.
            profile_of(&[(125, "7.250", "gift")]),
            // A later month.
            profile_of(&second),
            // More rows than p.
            profile_of(&[first.clone(), first.clone()].concat()),
        ];
        for q in cases {
            let error = p.minus(&q).unwrap_err();
            assert_eq!(error.kind, Kind::InvalidParameter, "{q:?}");
            assert!(error.message.starts_with("minus: q "), "{}", error.message);
        }
    }
}
