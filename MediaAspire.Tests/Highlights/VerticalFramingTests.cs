using MediaAspire.GpuWorker.Clips;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Quality;
using OpenCvSharp;

namespace MediaAspire.Tests.Highlights;

public sealed class VerticalFramingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mediaaspire-framing-").FullName;
    private readonly FaceDetector _faces = new();

    [Theory]
    [InlineData(80)]
    [InlineData(860)]
    public async Task The_crop_centres_on_the_face_BlazeFace_finds(int astronautX)
    {
        // The astronaut portrait at 75 % over a landscape, as a 2 s 720p video: her face (about 150 px) is 170 px right of
        // the inset's edge. (BlazeFace sees the frame letterboxed into 256x256: faces under about 1/10 of the longer side are missed.)
        using var scene = QualityPhotos.Wallpaper("Autumn");
        using var frame = new Mat();
        Cv2.Resize(scene, frame, new Size(1280, 720));
        using (var astronaut = QualityPhotos.Skimage("astronaut.png"))
        using (var small = new Mat())
        {
            Cv2.Resize(astronaut, small, new Size(384, 384), interpolation: InterpolationFlags.Area);
            using var target = new Mat(frame, new Rect(astronautX, 240, 384, 384));
            small.CopyTo(target);
        }
        var still = Path.Combine(_directory, $"still-{astronautX}.png");
        Cv2.ImWrite(still, frame);
        var video = await TestMedia.FfmpegAsync(Path.Combine(_directory, $"face-{astronautX}.mp4"),
            "-loop", "1", "-i", still, "-t", "2", "-r", "25", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        var crop = VerticalFraming.Plan(video, 0, 2, 1280, 720, _faces, new ClipSettings(), CancellationToken.None);

        var faceCentre = astronautX + 170;
        var expected = Math.Clamp(faceCentre - crop.Width / 2, 0, 1280 - crop.Width);
        Assert.All(crop.Path, p => Assert.InRange(p.X, expected - 24, expected + 24));
    }

    public void Dispose()
    {
        _faces.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
