using System.Runtime.InteropServices;
using MediaAspire.GpuWorker.Imaging;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Reduces a decoded frame to what the detector needs: its <see cref="FrameSignature"/> and its sharpness, working on
/// the I420 planes so that the full-size frame is never converted to colour here.
/// <list type="bullet">
/// <item>Grey (sharpness, thumbnail): the luma plane reduced to the analysis width and stretched from video range
/// (16-235) to 0-255, which is what converting to BGR and back to grey would give.</item>
/// <item>Colour (HSV histograms): the planes reduced to half the analysis width first. A histogram is a statistic of
/// the whole frame; 160x90 pixels give the same one for a quarter of the conversion and counting.</item>
/// </list>
/// Holds its working Mats for the whole pass (one allocation, however long the video).
/// </summary>
internal sealed class FrameAnalyzer(int analysisWidth) : IDisposable
{
    /// <summary>Pixels at least this bright (0..255) have a meaningful hue and saturation.</summary>
    private const int LitValue = 40;

    private static readonly Mat FullRangeLuma = FullRangeLookup();

    private readonly Mat _luma = new(), _colourI420 = new(), _colour = new(), _hsv = new(), _gray = new(), _thumb = new(), _laplacian = new();
    private readonly Mat _hueHist = new(), _saturationHist = new(), _valueHist = new(), _value = new(), _lit = new();

    /// <summary>Fills <paramref name="signature"/> from <paramref name="i420"/> (as <see cref="FfmpegFrameReader.Frame"/>
    /// hands it out); returns its sharpness (variance of the Laplacian of the grey analysis image).</summary>
    public double Analyze(Mat i420, FrameSignature signature)
    {
        int width = i420.Cols, height = i420.Rows * 2 / 3;
        var analysisHeight = Math.Max(2, (int)Math.Round(height * (double)analysisWidth / width));
        int colourWidth = EvenPixels.Round(analysisWidth / 2.0), colourHeight = EvenPixels.Round(analysisHeight / 2.0);
        _colourI420.Create(colourHeight * 3 / 2, colourWidth, MatType.CV_8UC1);
        // INTER_AREA averages the pixels it drops, so encoder noise and fine texture in motion do not alias into differences.
        Mat[] from = I420Planes.Of(i420, width, height), to = I420Planes.Of(_colourI420, colourWidth, colourHeight);
        try
        {
            // The colour luma comes from the analysis luma: halving is OpenCV's fast path, quartering is not.
            Cv2.Resize(from[0], _luma, new Size(analysisWidth, analysisHeight), interpolation: InterpolationFlags.Area);
            Cv2.Resize(_luma, to[0], to[0].Size(), interpolation: InterpolationFlags.Area);
            for (var plane = 1; plane < 3; plane++) Cv2.Resize(from[plane], to[plane], to[plane].Size(), interpolation: InterpolationFlags.Area);
        }
        finally
        {
            foreach (var header in from.Concat(to)) header.Dispose();
        }
        Cv2.CvtColor(_colourI420, _colour, ColorConversionCodes.YUV2BGR_I420);

        Cv2.CvtColor(_colour, _hsv, ColorConversionCodes.BGR2HSV);
        // Hue and saturation of near-black pixels are noise that flips wholesale when a fade passes through
        // black, so only lit pixels count for them; their histograms then fill gradually as a fade brightens.
        Cv2.ExtractChannel(_hsv, _value, 2);
        Cv2.Threshold(_value, _lit, LitValue - 1, 255, ThresholdTypes.Binary);
        Histogram(0, FrameSignature.HueBins, 180, _lit, _hueHist, signature.Histogram, 0);
        Histogram(1, FrameSignature.SaturationBins, 256, _lit, _saturationHist, signature.Histogram, FrameSignature.HueBins);
        Histogram(2, FrameSignature.ValueBins, 256, null, _valueHist, signature.Histogram, FrameSignature.HueBins + FrameSignature.SaturationBins);

        Cv2.LUT(_luma, FullRangeLuma, _gray);
        Cv2.Resize(_gray, _thumb, new Size(FrameSignature.ThumbWidth, FrameSignature.ThumbHeight), interpolation: InterpolationFlags.Area);
        Marshal.Copy(_thumb.Data, signature.Thumbnail, 0, signature.Thumbnail.Length);

        // 16-bit is exact for a 3x3 Laplacian of 8-bit pixels and takes OpenCV's vectorised path (float does not).
        Cv2.Laplacian(_gray, _laplacian, MatType.CV_16S);
        Cv2.MeanStdDev(_laplacian, out _, out var stddev);
        return stddev.Val0 * stddev.Val0;
    }

    /// <summary>Normalised by all pixels, masked or not: a frame with few lit pixels has a nearly empty hue histogram.</summary>
    private void Histogram(int channel, int bins, float upper, Mat? mask, Mat hist, float[] into, int offset)
    {
        Cv2.CalcHist([_hsv], [channel], mask is null ? null : (InputArray)mask, hist, 1, [bins], [new Rangef(0, upper)]);
        var total = _hsv.Rows * _hsv.Cols;
        for (var i = 0; i < bins; i++) into[offset + i] = hist.At<float>(i) / total;
    }

    /// <summary>Video-range luma (16 black, 235 white; BT.601, as the decoder hands it out) to 0-255 grey.</summary>
    private static Mat FullRangeLookup()
    {
        var table = new Mat(1, 256, MatType.CV_8UC1);
        for (var y = 0; y < 256; y++) table.Set(0, y, (byte)Math.Clamp(Math.Round((y - 16) * 255.0 / 219), 0, 255));
        return table;
    }

    public void Dispose()
    {
        foreach (var mat in (Mat[])[_luma, _colourI420, _colour, _hsv, _gray, _thumb, _laplacian, _hueHist, _saturationHist, _valueHist, _value, _lit]) mat.Dispose();
    }
}
