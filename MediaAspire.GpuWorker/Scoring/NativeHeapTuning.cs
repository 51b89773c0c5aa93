using System.Runtime.InteropServices;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Keeps glibc from handing every freed activation buffer back to the kernel. A forward pass allocates
/// and frees tens of multi-megabyte tensors; above glibc's mmap threshold each one is a fresh mmap whose
/// pages fault in again on first touch, which costs as much CPU as the convolutions on a small machine.
/// Raising the thresholds makes the freed buffers reusable from the heap instead.
/// </summary>
internal static class NativeHeapTuning
{
    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    public static void KeepActivationBuffers()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(MMmapThreshold, 256 * 1024 * 1024);
            mallopt(MTrimThreshold, 512 * 1024 * 1024);
        }
        catch (DllNotFoundException)
        {
            // Not glibc (e.g. musl): keep its defaults.
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc.so.6")]
    private static extern int mallopt(int param, int value);
}
