using OpenCvSharp;

namespace MediaAspire.GpuWorker.Imaging;

/// <summary>
/// Views of the three planes of an I420 image held in one single-channel Mat (Y: width x height, then U and V:
/// width/2 x height/2 each, packed). They are not rectangles of the Mat (a chroma row is half a Mat row), so they
/// are headers over its memory: valid while the Mat lives, disposed by the caller.
/// </summary>
internal static class I420Planes
{
    public static Mat[] Of(Mat i420, int width, int height)
    {
        var data = i420.Data;
        var luma = width * height;
        var chroma = luma / 4;
        return
        [
            Mat.FromPixelData(height, width, MatType.CV_8UC1, data),
            Mat.FromPixelData(height / 2, width / 2, MatType.CV_8UC1, data + luma),
            Mat.FromPixelData(height / 2, width / 2, MatType.CV_8UC1, data + luma + chroma),
        ];
    }
}
