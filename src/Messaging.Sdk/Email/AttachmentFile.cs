using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Messaging.Sdk;

/// <summary>The one place an attachment file is opened and read: every check is made on the opened file, and the bytes
/// that pass are the bytes that are sent.</summary>
/// <remarks>
/// <para>A path is never trusted: it may come from a vendor request over HTTP. So the file is refused unless attachment
/// roots are configured; it is opened first and its real path is taken from the open handle (on Linux
/// <c>/proc/self/fd/N</c>), so neither a symbolic link, nor <c>..</c> through a linked directory, nor a file swapped
/// after a check can lead outside the roots; it must be a regular file (not a FIFO, device, directory or socket); it is
/// read once, from that handle, up to the size limit, and refused when what was read does not match the size the file
/// system reported (a <c>/proc</c> file reports 0 bytes, a growing file more than it had).</para>
/// <para>The file is opened without blocking, so a FIFO cannot hang the sender while it waits for a writer.</para>
/// </remarks>
internal static class AttachmentFile
{
    /// <summary>The error when no root is configured; it says how to configure one.</summary>
    internal const string NoRootError =
        "Attaching a file by path is off until the directories attachments may come from are configured: set "
        + "Messaging:Validation:AttachmentRoots (MessageValidationOptions.AttachmentRoots), or attach the content with "
        + "EmailAttachment.FromStream or FromBytes.";

    /// <summary>Directories whose files are never attachments, whatever the roots: kernel and device views, not documents.</summary>
    private static readonly string[] SystemTrees = ["/proc/", "/sys/", "/dev/"];

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Reads the file at <paramref name="path"/> if it is a regular file inside one of <paramref name="roots"/>
    /// and at most <paramref name="maxBytes"/> long.</summary>
    /// <param name="path">The path, as given by the caller (never trusted).</param>
    /// <param name="roots">The configured attachment roots; empty refuses every path.</param>
    /// <param name="maxBytes">The most bytes the attachment may have.</param>
    /// <param name="tooLarge">Whether the file was refused for its size alone.</param>
    /// <param name="error">Why the file was refused, in a sentence; <see langword="null"/> on success.</param>
    /// <returns>The file's content, or <see langword="null"/> when it was refused.</returns>
    public static byte[]? Read(string? path, IReadOnlyList<string> roots, long maxBytes, out bool tooLarge, out string? error)
    {
        tooLarge = false;
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "The path is empty.";
            return null;
        }

        var printable = EmailAddress.Printable(path);
        if (EmailAddress.ContainsControl(path))
        {
            error = $"'{printable}' is not a valid path: it contains a control character (NUL, CR, LF, ...).";
            return null;
        }

        if (roots.Count == 0)
        {
            error = NoRootError;
            return null;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            error = $"'{printable}' is a relative path; give the full path of a file inside an attachment root (AttachmentRoots).";
            return null;
        }

        string lexical;
        try
        {
            lexical = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"'{printable}' is not a valid path.";
            return null;
        }

        var realRoots = RealRoots(roots);
        if (realRoots.Count == 0)
        {
            error = $"None of the attachment roots ({string.Join(", ", roots.Select(EmailAddress.Printable))}) is an existing directory (AttachmentRoots).";
            return null;
        }

        // A cheap refusal before anything is opened: opening some files has side effects (a serial port, a tape), so a
        // path that is outside every root even on paper is never opened. The decisive check is the one on the handle.
        if (!IsInside(lexical, roots.Select(FullPathOrNull).OfType<string>()) && !IsInside(lexical, realRoots))
        {
            error = $"The file '{printable}' is outside the attachment roots (AttachmentRoots).";
            return null;
        }

        return OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? ReadUnix(path, printable, realRoots, maxBytes, out tooLarge, out error)
            : ReadManaged(lexical, printable, realRoots, maxBytes, out tooLarge, out error);
    }

    private static byte[]? ReadUnix(string path, string printable, List<string> realRoots, long maxBytes, out bool tooLarge, out string? error)
    {
        tooLarge = false;
        // On macOS there is no handle-to-path call that P/Invoke can reach safely, so the real path is resolved from the
        // path itself (before the open): still refuses links out of the roots, without the race-free guarantee of Linux.
        var resolvedBefore = OperatingSystem.IsMacOS() ? ResolveLinks(new FileInfo(Path.GetFullPath(path))) : null;
        using var handle = NativeMethods.OpenForReading(path, out var errno);
        if (handle is null)
        {
            error = OpenError(printable, errno);
            return null;
        }

        var real = OperatingSystem.IsLinux() ? HandlePath(handle) : resolvedBefore;
        if (real is null || !IsInside(real, realRoots) || IsSystemTree(real))
        {
            error = $"The file '{printable}' is outside the attachment roots (AttachmentRoots): it resolves to '{EmailAddress.Printable(real ?? "?")}'.";
            return null;
        }

        var kind = NativeMethods.FileKind(handle, out var statSize);
        if (kind is not null and not NativeMethods.RegularFile)
        {
            error = $"'{printable}' is not a regular file ({Describe(kind.Value)}); only regular files can be attached.";
            return null;
        }

        if (kind is null)
        {
            // statx is not available (macOS, an old C library): a FIFO, socket or terminal is the kind of file that cannot seek.
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            if (!stream.CanSeek)
            {
                error = $"'{printable}' is not a regular file (a FIFO, socket or device); only regular files can be attached.";
                return null;
            }

            return ReadBounded(handle, printable, RandomAccess.GetLength(handle), maxBytes, out tooLarge, out error);
        }

        return ReadBounded(handle, printable, statSize ?? RandomAccess.GetLength(handle), maxBytes, out tooLarge, out error);
    }

    private static byte[]? ReadManaged(string lexical, string printable, List<string> realRoots, long maxBytes, out bool tooLarge, out string? error)
    {
        tooLarge = false;
        FileInfo info;
        string real;
        try
        {
            info = new FileInfo(lexical);
            if (!info.Exists)
            {
                error = Directory.Exists(lexical)
                    ? $"'{printable}' is a directory; only regular files can be attached."
                    : $"The file '{printable}' does not exist.";
                return null;
            }

            real = ResolveLinks(info);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"The file '{printable}' could not be opened: {ex.GetType().Name}.";
            return null;
        }

        if (!IsInside(real, realRoots))
        {
            error = $"The file '{printable}' is outside the attachment roots (AttachmentRoots): it resolves to '{EmailAddress.Printable(real)}'.";
            return null;
        }

        try
        {
            // FileShare.Read: nobody may write the file while it is read, so the bytes checked are the bytes sent.
            using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            if (!stream.CanSeek || (File.GetAttributes(real) & (FileAttributes.Device | FileAttributes.Directory)) != 0)
            {
                error = $"'{printable}' is not a regular file; only regular files can be attached.";
                return null;
            }

            return ReadBounded(stream.SafeFileHandle, printable, stream.Length, maxBytes, out tooLarge, out error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"The file '{printable}' could not be opened: {ex.GetType().Name}.";
            return null;
        }
    }

    /// <summary>Reads the whole file once, never more than <paramref name="maxBytes"/> + 1 bytes, and checks what was read
    /// against the size the file system reported.</summary>
    private static byte[]? ReadBounded(SafeFileHandle handle, string printable, long reportedSize, long maxBytes, out bool tooLarge, out string? error)
    {
        tooLarge = reportedSize > maxBytes;
        if (tooLarge)
        {
            error = SizeError(printable, reportedSize.ToString(CultureInfo.InvariantCulture), maxBytes);
            return null;
        }

        var content = GC.AllocateUninitializedArray<byte>((int)Math.Min(reportedSize, Array.MaxLength));
        long read = 0;
        try
        {
            while (read < content.Length)
            {
                var n = RandomAccess.Read(handle, content.AsSpan((int)read), read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            // One byte past the reported end tells a file that grew (or a /proc file, which reports 0) from one that did not.
            Span<byte> probe = stackalloc byte[1];
            if (read == content.Length && RandomAccess.Read(handle, probe, read) > 0)
            {
                error = reportedSize == 0
                    ? $"'{printable}' reports a size of 0 but has content: it is not a regular file (a /proc or device file); only regular files can be attached."
                    : $"The file '{printable}' grew while it was read; attach it again once it is complete.";
                return null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error = $"The file '{printable}' could not be read: {ex.GetType().Name}.";
            return null;
        }

        if (read != content.Length)
        {
            error = $"The file '{printable}' shrank while it was read; attach it again once it is complete.";
            return null;
        }

        error = null;
        return content;
    }

    internal static string SizeError(string what, string size, long maxBytes)
        => $"'{what}' is {size} bytes; at most {maxBytes} are allowed (MaxAttachmentBytes).";

    /// <summary>Each root's real path (links resolved by the file system); roots that do not exist are left out.</summary>
    private static List<string> RealRoots(IReadOnlyList<string> roots)
    {
        var real = new List<string>(roots.Count);
        foreach (var root in roots)
        {
            if (FullPathOrNull(root) is not { } full || !Directory.Exists(full))
            {
                continue;
            }

            string? resolved = null;
            if (OperatingSystem.IsLinux())
            {
                using var handle = NativeMethods.OpenForReading(full, out _);
                resolved = handle is null ? null : HandlePath(handle);
            }

            resolved ??= ResolveLinks(new DirectoryInfo(full));
            real.Add(resolved);
        }

        return real;
    }

    private static string? FullPathOrNull(string root)
    {
        if (string.IsNullOrWhiteSpace(root) || EmailAddress.ContainsControl(root) || !Path.IsPathFullyQualified(root))
        {
            return null;
        }

        try
        {
            return Path.GetFullPath(root);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private static bool IsInside(string path, IEnumerable<string> roots)
    {
        foreach (var root in roots)
        {
            var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
            if (path.StartsWith(prefix, PathComparison))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSystemTree(string real)
        => OperatingSystem.IsLinux() && SystemTrees.Any(tree => real.StartsWith(tree, StringComparison.Ordinal));

    /// <summary>The path the kernel holds for an open file: the target of <c>/proc/self/fd/N</c>.</summary>
    private static string? HandlePath(SafeFileHandle handle)
    {
        var success = false;
        handle.DangerousAddRef(ref success);
        try
        {
            var fd = handle.DangerousGetHandle().ToInt32().ToString(CultureInfo.InvariantCulture);
            return File.ResolveLinkTarget("/proc/self/fd/" + fd, returnFinalTarget: false)?.FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            if (success)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Resolves symbolic links in every directory of the path and in the file itself (where no handle can tell the real path).</summary>
    private static string ResolveLinks(FileSystemInfo info)
    {
        var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        var parent = Path.GetDirectoryName(target);
        if (parent is null)
        {
            return target;
        }

        var resolvedParent = ResolveLinks(new DirectoryInfo(parent));
        return Path.Combine(resolvedParent, Path.GetFileName(target));
    }

    private static string OpenError(string printable, int errno) => errno switch
    {
        NativeMethods.ENOENT => $"The file '{printable}' does not exist.",
        NativeMethods.EACCES or NativeMethods.EPERM => $"The file '{printable}' cannot be read (permission denied).",
        NativeMethods.ENOTDIR => $"The file '{printable}' does not exist (a part of the path is not a directory).",
        NativeMethods.ELOOP => $"The file '{printable}' could not be opened: too many levels of symbolic links.",
        _ => string.Create(CultureInfo.InvariantCulture, $"The file '{printable}' could not be opened (errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)})."),
    };

    private static string Describe(int kind) => kind switch
    {
        NativeMethods.Directory => "a directory",
        NativeMethods.Fifo => "a FIFO",
        NativeMethods.CharDevice => "a character device",
        NativeMethods.BlockDevice => "a block device",
        NativeMethods.Socket => "a socket",
        _ => "not a file",
    };

    /// <summary>The few POSIX calls .NET does not expose: an open that cannot block on a FIFO, and the file type of a handle.</summary>
    private static class NativeMethods
    {
        internal const int ENOENT = 2;
        internal const int EPERM = 1;
        internal const int EACCES = 13;
        internal const int ENOTDIR = 20;
        internal const int ELOOP = 40;

        internal const int RegularFile = 0x8000;
        internal const int Directory = 0x4000;
        internal const int Fifo = 0x1000;
        internal const int CharDevice = 0x2000;
        internal const int BlockDevice = 0x6000;
        internal const int Socket = 0xC000;

        private const int FileTypeMask = 0xF000;
        private const int AtEmptyPath = 0x1000;
        private const uint StatxType = 0x1;
        private const uint StatxSize = 0x200;

        // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC. O_NONBLOCK: opening a FIFO returns at once instead of waiting for a
        // writer (and has no effect on reading a regular file). Values from the Linux generic ABI (x64 and arm64 alike) and Darwin.
        private static int ReadFlags => OperatingSystem.IsMacOS() ? 0x0004 | 0x20000 | 0x1000000 : 0x800 | 0x100 | 0x80000;

        private static bool s_noStatx;

        /// <summary>Opens <paramref name="path"/> for reading without blocking; <see langword="null"/> with the errno when it fails.</summary>
        public static SafeFileHandle? OpenForReading(string path, out int errno)
        {
            int fd;
            do
            {
                fd = Open(CString(path), ReadFlags);
                errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (fd < 0 && errno == 4); // EINTR

            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }

        /// <summary>The file type (S_IFMT bits) and size of an open file from <c>statx</c>; <see langword="null"/> where it is not available.</summary>
        public static int? FileKind(SafeFileHandle handle, out long? size)
        {
            size = null;
            if (!OperatingSystem.IsLinux() || s_noStatx)
            {
                return null;
            }

            // struct statx has the same layout on every Linux architecture: stx_mask at 0, stx_mode at 28, stx_size at 40.
            var buffer = new byte[256];
            try
            {
                if (Statx(handle, [0], AtEmptyPath, StatxType | StatxSize, buffer) != 0)
                {
                    return null;
                }
            }
            catch (EntryPointNotFoundException)
            {
                s_noStatx = true;
                return null;
            }

            var mask = BitConverter.ToUInt32(buffer, 0);
            if ((mask & StatxSize) != 0)
            {
                size = BitConverter.ToInt64(buffer, 40);
            }

            return (mask & StatxType) != 0 ? BitConverter.ToUInt16(buffer, 28) & FileTypeMask : null;
        }

        /// <summary>The path as the C string the kernel reads: UTF-8, NUL-terminated (the caller has refused a NUL inside).</summary>
        private static byte[] CString(string path)
        {
            var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
            System.Text.Encoding.UTF8.GetBytes(path, bytes);
            return bytes;
        }

        // Paths are passed as UTF-8 bytes rather than marshalled strings: what the kernel sees is exactly what was checked.
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(SafeFileHandle dirfd, byte[] path, int flags, uint mask, [Out] byte[] buffer);
    }
}
