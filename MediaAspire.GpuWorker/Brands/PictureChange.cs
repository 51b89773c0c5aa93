using OpenCvSharp;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// Where a frame differs from the last one looked at closely in a way that could change what is seen in it: the
/// picture is reduced (area-averaged) to a grid of 48 columns (20 px cells at 960 px) and any cell whose mean luma moved
/// by more than 10 levels of 255 counts as changed. A logo or caption coming, going or moving changes its cells by far
/// more (tens of levels); compression noise and a slow zoom or pan move them by a few. The comparison is with the frame
/// last looked at, not the previous one, so slow drift adds up until it counts.
/// <para>Not thread-safe: one per detector.</para>
/// </summary>
internal sealed class PictureChange : IDisposable
{
    private const int Columns = 48;
    private const double Threshold = 10;

    private readonly Mat _grid = new();
    private readonly Mat _difference = new();
    private readonly Mat _changed = new();
    private Mat? _lookedAt;

    /// <summary>Null when <paramref name="gray"/> shows what the frame last looked at showed; else the upright rectangle
    /// around its changed cells, in its pixels (all of it for the first frame or one of another size), and it becomes
    /// the frame compared with from now on.</summary>
    public Rect? Changed(Mat gray)
    {
        var rows = Math.Max(1, (int)Math.Round((double)Columns * gray.Rows / gray.Cols));
        Cv2.Resize(gray, _grid, new Size(Columns, rows), interpolation: InterpolationFlags.Area);
        var region = new Rect(0, 0, gray.Cols, gray.Rows);
        if (_lookedAt is not null && _lookedAt.Size() == _grid.Size())
        {
            Cv2.Absdiff(_grid, _lookedAt, _difference);
            Cv2.Threshold(_difference, _changed, Threshold, 255, ThresholdTypes.Binary);
            var cells = Cv2.BoundingRect(_changed);
            if (cells.Width == 0 || cells.Height == 0) return null;
            var (cellWidth, cellHeight) = ((double)gray.Cols / Columns, (double)gray.Rows / rows);
            var (left, top) = ((int)Math.Floor(cells.X * cellWidth), (int)Math.Floor(cells.Y * cellHeight));
            region = Rect.FromLTRB(left, top, Math.Min(gray.Cols, (int)Math.Ceiling(cells.Right * cellWidth)), Math.Min(gray.Rows, (int)Math.Ceiling(cells.Bottom * cellHeight)));
        }
        _lookedAt ??= new Mat();
        _grid.CopyTo(_lookedAt);
        return region;
    }

    public void Dispose()
    {
        _grid.Dispose();
        _difference.Dispose();
        _changed.Dispose();
        _lookedAt?.Dispose();
    }
}
