//! What the folder cache and the folder watcher both judge a folder by, so
//! that neither imports the other for it: whether a folder is on a file
//! system this kernel sees every change of, the token a watcher hands out
//! for a folder, and the clock both (and the exclusive files) stamp with. The cache records the token its index was checked
//! under; the watcher vouches for cache files (and so reads the cache's
//! names and seals), never the other way.

/// Now, in nanoseconds since the epoch (the unit of the cache's file
/// times); also what makes names and instances unique.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_nanos() as i64)
}

/// A state of one folder as the watcher saw it: the watcher's instance and
/// its change counter. Equal tokens mean nothing in the folder changed.
pub(crate) type Token = (u64, u64);

/// Whether `path` is on a file system this kernel sees every change of: a
/// local disk or memory. On a network or FUSE file system another machine
/// can change a file without an inotify event here, and replace a file
/// another machine has mapped (a mapped page then faults). Unknown kinds are
/// not local: the answer only ever costs speed.
#[cfg(target_os = "linux")]
pub(crate) fn on_local_fs(path: &std::path::Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    let mut out = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: a NUL-terminated path and a buffer statfs fills; read only on
    // success. `f_type`'s type differs between targets.
    #[allow(clippy::unnecessary_cast)]
    let kind = unsafe {
        if libc::statfs(c_path.as_ptr(), out.as_mut_ptr()) != 0 {
            return false;
        }
        out.assume_init().f_type as i64
    };
    const LOCAL: [i64; 20] = [
        0xEF53,     // ext2, ext3, ext4
        0x58465342, // XFS
        0x9123683E, // Btrfs
        0x01021994, // tmpfs
        0x858458F6, // ramfs
        0xF2F52010, // F2FS
        0x2FC12FC1, // ZFS
        0xCA451A4E, // bcachefs
        0x794C7630, // overlayfs (containers)
        0x52654973, // ReiserFS
        0x3153464A, // JFS
        0x3434,     // NILFS
        0x482B,     // HFS+
        0x4D44,     // FAT
        0x2011BAB0, // exFAT
        0x7366746E, // NTFS (ntfs3)
        0x73717368, // SquashFS
        0xE0F5E1E2, // EROFS
        0x9660,     // ISO 9660
        0xF15F,     // eCryptfs
    ];
    LOCAL.contains(&kind)
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn on_local_fs(_: &std::path::Path) -> bool {
    false
}
