using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Live;

/// <summary>What the live tests push: real photos with hard cuts at known times, keyframes every second as a streaming
/// encoder makes them (so the ~2 s segments close on time). Made once per test run.</summary>
public static class LiveMedia
{
    private static readonly SemaphoreSlim Making = new(1, 1);
    private static CutVideo? _cuts;

    /// <summary>12 s at 640x360, 25 fps: four shots of 3 s, hard cuts at 3, 6 and 9 s (one on a segment boundary, at 6).</summary>
    public static async Task<CutVideo> CutsAsync()
    {
        await Making.WaitAsync();
        try
        {
            return _cuts ??= await CutVideo.MakeAsync(Path.Combine(Path.GetTempPath(), $"mediaaspire-live-cuts-{Environment.ProcessId}.mp4"),
                [
                    new(CutVideo.Photo("Autumn"), Motion.ZoomIn, 3),
                    new(CutVideo.Photo("BytheWater"), Motion.Pan, 3),
                    new(CutVideo.Photo("ColdRipple"), Motion.Still, 3),
                    new(CutVideo.Photo("Kite"), Motion.ZoomOut, 3),
                ], 640, 360, 25, CutVideo.FixedGop(1));
        }
        finally
        {
            Making.Release();
        }
    }
}
