//! Conversions of SQL arguments the glue shares: arrays without NULLs.

use pgrx::datum::Array;

use crate::error::{Error, Result};

/// The elements of a float8[] argument; a NULL element is an error naming it.
pub fn floats(array: &Array<'_, f64>, argument: &str) -> Result<Vec<f64>> {
    array
        .iter()
        .map(|element| element.ok_or_else(|| null_element(argument)))
        .collect()
}

/// The elements of a text[] argument; a NULL element is an error naming it.
pub fn texts(array: &Array<'_, String>, argument: &str) -> Result<Vec<String>> {
    array
        .iter()
        .map(|element| element.ok_or_else(|| null_element(argument)))
        .collect()
}

fn null_element(argument: &str) -> Error {
    Error::invalid_parameter(format!("{argument} must not contain NULL elements"))
}
