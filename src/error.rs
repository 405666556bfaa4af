//! Errors the pure core returns, and the one place that turns them into
//! PostgreSQL errors with a SQLSTATE.

use pgrx::{ereport, PgSqlErrorCode};

/// Which SQLSTATE an error maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 22023 invalid_parameter_value: an argument has a value we refuse.
    InvalidParameter,
    /// 22P02 invalid_text_representation: a text form does not parse.
    InvalidText,
    /// 54000 program_limit_exceeded: input beyond a documented limit.
    LimitExceeded,
    /// XX001 data_corrupted: a stored value that cannot be decoded.
    Corrupted,
    /// 22003 numeric_value_out_of_range: a number beyond a type's range.
    OutOfRange,
    /// 22P03 invalid_binary_representation: a binary form a client sent
    /// (COPY BINARY, binary protocol) that does not decode.
    InvalidBinary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::InvalidParameter,
            message: message.into(),
        }
    }

    pub fn invalid_text(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::InvalidText,
            message: message.into(),
        }
    }

    pub fn limit_exceeded(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::LimitExceeded,
            message: message.into(),
        }
    }

    pub fn out_of_range(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::OutOfRange,
            message: message.into(),
        }
    }

    pub fn corrupted(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Corrupted,
            message: message.into(),
        }
    }

    /// Keeps the SQLSTATE, puts `context` in front of the message.
    pub fn context(self, context: &str) -> Self {
        Error {
            kind: self.kind,
            message: format!("{context}: {}", self.message),
        }
    }

    fn sqlstate(&self) -> PgSqlErrorCode {
        match self.kind {
            Kind::InvalidParameter => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
            Kind::InvalidText => PgSqlErrorCode::ERRCODE_INVALID_TEXT_REPRESENTATION,
            Kind::LimitExceeded => PgSqlErrorCode::ERRCODE_PROGRAM_LIMIT_EXCEEDED,
            Kind::Corrupted => PgSqlErrorCode::ERRCODE_DATA_CORRUPTED,
            Kind::InvalidBinary => PgSqlErrorCode::ERRCODE_INVALID_BINARY_REPRESENTATION,
            Kind::OutOfRange => PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        }
    }

    /// Raises this error in PostgreSQL; never returns.
    pub fn raise(self) -> ! {
        let code = self.sqlstate();
        ereport!(ERROR, code, self.message);
    }
}

/// `result.or_raise()` in the SQL glue: the value, or a PostgreSQL ERROR.
pub trait OrRaise<T> {
    fn or_raise(self) -> T;
}

impl<T> OrRaise<T> for Result<T> {
    fn or_raise(self) -> T {
        self.unwrap_or_else(|error| error.raise())
    }
}

/// PostgreSQL text cannot hold a NUL byte: every string that enters a value
/// (JSON text with `\u0000`, binary input, stored bytes) is refused with
/// SQLSTATE 22023, naming `what`.
pub fn check_no_nul(value: &str, what: &str) -> Result<()> {
    if value.as_bytes().contains(&0) {
        Err(Error::invalid_parameter(format!(
            "{what}: text must not contain a NUL byte (\\u0000)"
        )))
    } else {
        Ok(())
    }
}
