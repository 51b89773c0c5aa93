using MediaAspire.GpuWorker.Brands;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Brands;

public sealed class PictureChangeTests
{
    [Fact]
    public void Hands_out_each_group_of_changed_cells_as_its_own_part_and_nothing_for_a_picture_that_did_not_change()
    {
        using var photo = Cv2.ImRead(CutVideo.Photo("Autumn"), ImreadModes.Grayscale);
        using var frame = new Mat();
        Cv2.Resize(photo, frame, new Size(960, 540), interpolation: InterpolationFlags.Area);
        using var change = new PictureChange();
        Assert.Equal([new Rect(0, 0, 960, 540)], change.Changed(frame));
        Assert.Null(change.Changed(frame));

        // Two patches at opposite corners (as two logos coming in): two parts, each around its own patch, not one
        // rectangle around both.
        using var next = frame.Clone();
        next.Rectangle(new Rect(50, 50, 100, 60), OpenCvSharp.Scalar.White, -1);
        next.Rectangle(new Rect(800, 420, 80, 80), OpenCvSharp.Scalar.Black, -1);
        var parts = change.Changed(next);

        Assert.NotNull(parts);
        Assert.Equal(2, parts.Count);
        var (top, bottom) = parts[0].Y < parts[1].Y ? (parts[0], parts[1]) : (parts[1], parts[0]);
        Assert.True(top.Contains(new Rect(50, 50, 100, 60)) && top.Width <= 140 && top.Height <= 100, $"top part {top}");
        Assert.True(bottom.Contains(new Rect(800, 420, 80, 80)) && bottom.Width <= 120 && bottom.Height <= 120, $"bottom part {bottom}");
        // Compared with the frame looked at last: the same picture again shows no change.
        Assert.Null(change.Changed(next));
    }
}
