//! Customer value models: BG/NBD (who is still a customer, how many
//! purchases to expect) and Gamma-Gamma (the expected average value),
//! fitted by aggregates and applied by functions, and CLV from both.
//!
//! The models are in `bg_nbd`, `gamma_spend` and `clv`, the numerics in
//! `special` and `optimize`; the SQL glue comes next.

pub mod bg_nbd;
pub mod checks;
pub mod clv;
pub mod gamma_spend;
pub mod optimize;
pub mod special;

#[cfg(test)]
mod reference_values;
#[cfg(test)]
mod tests;

