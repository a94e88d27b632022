//! Process hardening: no core dumps, no debugger or `/proc/PID/mem`
//! reader from other processes of the same user, and no plaintext left in
//! freed memory. A core file of a console that revealed a value would hold
//! the value in plaintext (SECURITY.md).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io;

/// The system allocator, wiping every block before it is freed.
///
/// `SecretValue` zeroizes itself, but the layers under it do not: the
/// SDK's request and response bodies, hyper's buffers, serde's scratch
/// space and every `String` or `Vec` that grows and leaves its old buffer
/// behind are freed with their bytes intact, where a later memory scan
/// finds them. Wiping on free closes all of these at once; `memset` costs
/// little next to the allocation itself.
pub struct WipeOnFree;

// SAFETY: every call is passed to `System` with the layout it was given;
// the wipe writes only within the block being freed, before it is freed.
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            wipe(ptr, layout.size());
            System.dealloc(ptr, layout);
        }
    }

    /// The system's realloc only where it cannot move the block: when the
    /// new size fits the block it already has (`malloc_usable_size`), the
    /// tail beyond the new size wiped first. Otherwise a new block, a copy,
    /// and the old one wiped and freed.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            let old_size = layout.size();
            // The system allocator aligns to 16; larger alignments go the
            // long way.
            if layout.align() <= 16 && new_size <= libc::malloc_usable_size(ptr.cast()) {
                if new_size < old_size {
                    wipe(ptr.add(new_size), old_size - new_size);
                }
                return System.realloc(ptr, layout, new_size);
            }
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = System.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, old_size.min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

/// Zero `len` bytes at `ptr` in a way the optimiser cannot drop as a dead
/// store before `free`.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    unsafe { std::ptr::write_bytes(ptr, 0, len) };
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
    std::hint::black_box(ptr);
}

/// Set `RLIMIT_CORE` to 0 (soft and hard) and mark the process
/// non-dumpable, as ssh-agent does. Both are one-way for this process.
pub fn disable_core_dumps() -> io::Result<()> {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls with a valid, initialised argument.
    if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wipe_on_free_allocates_grows_and_frees() {
        let alloc = WipeOnFree;
        let layout = Layout::from_size_align(16, 8).unwrap();
        unsafe {
            let p = alloc.alloc(layout);
            assert!(!p.is_null());
            std::ptr::copy_nonoverlapping(b"0123456789abcdef".as_ptr(), p, 16);
            let q = alloc.realloc(p, layout, 64);
            assert!(!q.is_null());
            assert_eq!(std::slice::from_raw_parts(q, 16), b"0123456789abcdef");
            alloc.dealloc(q, Layout::from_size_align(64, 8).unwrap());
            let z = alloc.alloc_zeroed(layout);
            assert_eq!(std::slice::from_raw_parts(z, 16), [0u8; 16]);
            alloc.dealloc(z, layout);
        }
    }

    #[test]
    fn no_core_file_and_not_dumpable() {
        disable_core_dumps().unwrap();
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
