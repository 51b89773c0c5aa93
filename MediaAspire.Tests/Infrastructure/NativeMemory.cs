using System.Runtime.InteropServices;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>What the process holds in native memory: glibc's own count of allocated bytes (which LibTorch and OpenCV
/// allocate from) and the resident set, after the finalizable wrappers (tensors, Mats) have been collected.</summary>
public static class NativeMemory
{
    public static (long HeapInUse, long Resident) Measure()
    {
        // Finalizable wrappers (TorchSharp tensors and scalars, OpenCV Mats) only free native memory once collected.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = MallInfo2();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var resident = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        // uordblks: bytes allocated from the arenas; hblkhd: bytes in mmap-ed blocks (large tensors).
        return ((long)(heap.Uordblks + heap.Hblkhd), resident);
    }

    public static string MiB(long bytes) => $"{bytes / 1048576.0:F1} MiB";

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern GlibcMallInfo2 MallInfo2();

    /// <summary>glibc's struct mallinfo2 (all size_t).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct GlibcMallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }
}
