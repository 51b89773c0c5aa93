using OpenCvSharp;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// Where a frame differs from the last one looked at closely in a way that could change what is seen in it: the
/// picture is reduced (area-averaged) to a grid of 48 columns (20 px cells at 960 px) and any cell whose mean luma moved
/// by more than 10 levels of 255 counts as changed. A logo or caption coming, going or moving changes its cells by far
/// more (tens of levels); compression noise and a slow zoom or pan move them by a few. The comparison is with the frame
/// last looked at, not the previous one, so slow drift adds up until it counts.
/// <para>The changed cells are handed out as the upright rectangles around each group of them (cells that touch, corners
/// included, are one group), not as one rectangle around all: two logos changing at opposite corners are two small
/// parts to search, where one rectangle around both is most of the picture.</para>
/// <para>Not thread-safe: one per detector.</para>
/// </summary>
internal sealed class PictureChange : IDisposable
{
    private const int Columns = 48;
    private const double Threshold = 10;

    private readonly Mat _grid = new();
    private readonly Mat _difference = new();
    private readonly Mat _changed = new();
    private readonly Mat _joined = new();
    private readonly Mat _labels = new();
    private readonly Mat _group = new();
    private Mat? _lookedAt;

    /// <summary>Null when <paramref name="gray"/> shows what the frame last looked at showed; else the upright rectangles
    /// around its groups of changed cells, in its pixels (all of it for the first frame or one of another size), and it
    /// becomes the frame compared with from now on.</summary>
    public IReadOnlyList<Rect>? Changed(Mat gray)
    {
        var rows = Math.Max(1, (int)Math.Round((double)Columns * gray.Rows / gray.Cols));
        Cv2.Resize(gray, _grid, new Size(Columns, rows), interpolation: InterpolationFlags.Area);
        IReadOnlyList<Rect> regions = [new Rect(0, 0, gray.Cols, gray.Rows)];
        if (_lookedAt is not null && _lookedAt.Size() == _grid.Size())
        {
            Cv2.Absdiff(_grid, _lookedAt, _difference);
            Cv2.Threshold(_difference, _changed, Threshold, 255, ThresholdTypes.Binary);
            if (Cv2.CountNonZero(_changed) == 0) return null;
            regions = Groups().Select(cells => InPixels(cells, gray.Size(), rows)).ToList();
        }
        _lookedAt ??= new Mat();
        _grid.CopyTo(_lookedAt);
        return regions;
    }

    /// <summary>The rectangle (in cells) around each group of changed cells.</summary>
    private IEnumerable<Rect> Groups()
    {
        // Grown by a cell, cells that touch (corners included) join up; each group is then bounded by its own cells.
        Cv2.Dilate(_changed, _joined, null);
        var count = Cv2.ConnectedComponents(_joined, _labels, PixelConnectivity.Connectivity8);
        for (var label = 1; label < count; label++)
        {
            Cv2.Compare(_labels, label, _group, CmpTypes.EQ);
            Cv2.BitwiseAnd(_group, _changed, _group);
            yield return Cv2.BoundingRect(_group);
        }
    }

    private static Rect InPixels(Rect cells, Size picture, int rows)
    {
        var (cellWidth, cellHeight) = ((double)picture.Width / Columns, (double)picture.Height / rows);
        var (left, top) = ((int)Math.Floor(cells.X * cellWidth), (int)Math.Floor(cells.Y * cellHeight));
        return Rect.FromLTRB(left, top, Math.Min(picture.Width, (int)Math.Ceiling(cells.Right * cellWidth)),
            Math.Min(picture.Height, (int)Math.Ceiling(cells.Bottom * cellHeight)));
    }

    public void Dispose()
    {
        _grid.Dispose();
        _difference.Dispose();
        _changed.Dispose();
        _joined.Dispose();
        _labels.Dispose();
        _group.Dispose();
        _lookedAt?.Dispose();
    }
}
