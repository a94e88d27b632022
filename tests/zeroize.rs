//! Values are zeroized when dropped, checked from outside the type: an
//! allocator that looks at every block as it is freed and counts the blocks
//! that still hold the canary. A plain `String` holding the canary is the
//! control: it must be seen, or the check proves nothing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use sekret::domain::diff::ValueDiff;
use sekret::domain::value::SecretValue;

const CANARY: &[u8] = b"canary-zeroize-5d1e";

struct Watching;

thread_local! {
    /// Only the test's own thread is watched: other threads' frees are theirs.
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    static SEEN: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.try_with(Cell::get).unwrap_or(false) {
            // SAFETY: the block is still ours until System.dealloc below.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block.windows(CANARY.len()).any(|w| w == CANARY) {
                let _ = SEEN.try_with(|s| s.set(s.get() + 1));
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
    // realloc is the default (alloc, copy, dealloc): the old block is seen.
}

#[global_allocator]
static ALLOCATOR: Watching = Watching;

/// How many freed blocks held the canary while `f` ran.
fn freed_with_canary(f: impl FnOnce()) -> usize {
    SEEN.with(|s| s.set(0));
    WATCHING.with(|w| w.set(true));
    f();
    WATCHING.with(|w| w.set(false));
    SEEN.with(Cell::get)
}

fn canary() -> String {
    String::from_utf8(CANARY.to_vec()).unwrap()
}

/// A text value made of these parts (`{c}` is the canary) in one
/// allocation, so building it frees no block that holds the canary.
fn value(template: &str) -> SecretValue {
    let mut text = String::with_capacity(template.len() + 16 * CANARY.len());
    for (i, part) in template.split("{c}").enumerate() {
        if i > 0 {
            text.push_str(std::str::from_utf8(CANARY).unwrap());
        }
        text.push_str(part);
    }
    SecretValue::text(text)
}

#[test]
fn the_check_sees_a_plain_string_freed_with_the_canary() {
    assert!(freed_with_canary(|| drop(std::hint::black_box(canary()))) > 0);
}

#[test]
fn a_text_value_is_zeroed_before_it_is_freed() {
    assert_eq!(freed_with_canary(|| drop(SecretValue::text(canary()))), 0);
}

#[test]
fn a_binary_value_and_its_clones_are_zeroed() {
    let seen = freed_with_canary(|| {
        let value = SecretValue::binary(CANARY.to_vec());
        let copy = value.clone();
        drop(value);
        drop(copy);
    });
    assert_eq!(seen, 0);
}

#[test]
fn json_fields_are_values_too_also_with_escapes() {
    let seen = freed_with_canary(|| {
        let bundle = value(r#"{"password":"{c}","quoted":"say \"{c}\"","note":"line\n{c}","n":5}"#);
        let fields = bundle.json_fields().unwrap();
        assert_eq!(fields.len(), 4);
        let one = bundle.json_field("password").unwrap();
        assert_eq!(one.bytes(), CANARY);
        drop((bundle, fields, one));
    });
    assert_eq!(seen, 0);
}

#[test]
fn a_diff_of_two_values_leaves_no_copy_behind() {
    let seen = freed_with_canary(|| {
        let from = value(r#"{"password":"{c}-old","user":"u"}"#);
        let to = value(r#"{"password":"{c}-new","user":"u"}"#);
        let diff = ValueDiff::between(&from, &to);
        assert!(!diff.identical());
        let _ = diff.summary();
        drop((from, to, diff));
        let text_diff = ValueDiff::between(&value("a\n{c}\nb"), &value("a\n{c}2\nb"));
        drop(text_diff);
    });
    assert_eq!(seen, 0);
}
