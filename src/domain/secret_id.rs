//! A secret's ARN and name in one allocation. The name is part of the ARN
//! (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`), so it is
//! kept once, as a range of it; a name the ARN does not contain (or a
//! secret without an ARN) is kept after it. 24 bytes and one allocation per
//! secret, where two `String`s took 48 bytes and two.

use std::fmt;

/// Set in `name_start` when the name follows the ARN instead of being in it.
const APPENDED: u32 = 1 << 31;

#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SecretId {
    text: Box<str>,
    name_start: u32,
    name_len: u32,
}

impl SecretId {
    pub fn new(name: &str, arn: &str) -> SecretId {
        let inside = arn
            .find(":secret:")
            .map(|at| at + ":secret:".len())
            .filter(|&start| arn[start..].starts_with(name));
        match inside {
            Some(start) if arn.len() < APPENDED as usize => SecretId {
                text: arn.into(),
                name_start: start as u32,
                name_len: name.len() as u32,
            },
            _ => SecretId {
                text: format!("{arn}{name}").into(),
                name_start: APPENDED | arn.len() as u32,
                name_len: name.len() as u32,
            },
        }
    }

    pub fn name(&self) -> &str {
        let start = (self.name_start & !APPENDED) as usize;
        &self.text[start..start + self.name_len as usize]
    }

    pub fn arn(&self) -> &str {
        if self.name_start & APPENDED != 0 {
            &self.text[..(self.name_start & !APPENDED) as usize]
        } else {
            &self.text
        }
    }
}

impl fmt::Debug for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretId")
            .field("name", &self.name())
            .field("arn", &self.arn())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Name and ARN read back exactly, whether or not the ARN holds
        /// the name.
        #[test]
        fn reads_back_what_it_was_given(name in "[a-zA-Z0-9/_+=.@-]{0,40}", arn in ".{0,60}", suffix in "-[a-zA-Z0-9]{6}") {
            let id = SecretId::new(&name, &arn);
            prop_assert_eq!(id.name(), name.as_str());
            prop_assert_eq!(id.arn(), arn.as_str());
            let real = format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}{suffix}");
            let id = SecretId::new(&name, &real);
            prop_assert_eq!(id.name(), name.as_str());
            prop_assert_eq!(id.arn(), real.as_str());
        }
    }

    #[test]
    fn a_real_arn_holds_the_name_once() {
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/prod/db-AbC123";
        let id = SecretId::new("shop/prod/db", arn);
        assert_eq!(&*id.text, arn);
        assert_eq!(id.name(), "shop/prod/db");
        assert_eq!(std::mem::size_of::<SecretId>(), 24);
    }
}
