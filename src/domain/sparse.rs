//! A value that is usually empty, boxed only when it is not: a secret's
//! rotation details and its rarer fields take one pointer in each of up to
//! 100,000 secrets instead of a hundred bytes or more. Reads go through
//! `Deref` (an empty value reads as `T::EMPTY`), so `meta.rotation.enabled`
//! reads as it would on a plain field.

use std::fmt;
use std::ops::{Deref, DerefMut};

/// A type with a shared empty value.
pub trait Empty: 'static {
    const EMPTY: &'static Self;
}

pub struct Sparse<T>(Option<Box<T>>);

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse(None)
    }
}

impl<T: Empty + PartialEq> From<T> for Sparse<T> {
    fn from(value: T) -> Self {
        if value == *T::EMPTY {
            Sparse(None)
        } else {
            Sparse(Some(Box::new(value)))
        }
    }
}

impl<T: Empty> Deref for Sparse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::EMPTY)
    }
}

impl<T: Empty + Clone> DerefMut for Sparse<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(|| Box::new(T::EMPTY.clone()))
    }
}

impl<T: Clone> Clone for Sparse<T> {
    fn clone(&self) -> Self {
        Sparse(self.0.clone())
    }
}

impl<T: Empty + PartialEq> PartialEq for Sparse<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Empty + Eq> Eq for Sparse<T> {}

impl<T: Empty + fmt::Debug> fmt::Debug for Sparse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Thing {
        on: bool,
        name: Option<String>,
    }

    impl Empty for Thing {
        const EMPTY: &'static Thing = &Thing {
            on: false,
            name: None,
        };
    }

    #[test]
    fn empty_values_take_no_box_and_read_as_empty() {
        let empty: Sparse<Thing> = Thing {
            on: false,
            name: None,
        }
        .into();
        assert!(empty.0.is_none());
        assert!(!empty.on);
        let mut set: Sparse<Thing> = Thing {
            on: true,
            name: Some("x".into()),
        }
        .into();
        assert!(set.on && set.name.as_deref() == Some("x"));
        assert_ne!(set, empty);
        assert_eq!(empty, Sparse::default());
        set.on = false;
        set.name = None;
        // Emptied in place: still equal to an empty one.
        assert_eq!(set, empty);
        // Writing through an empty one boxes it.
        let mut written: Sparse<Thing> = Sparse(None);
        written.on = true;
        assert!(written.on && written.0.is_some());
    }
}
