using OpenCvSharp;

namespace MediaAspire.Tests.Quality;

/// <summary>Real photos with the centres of the faces they show (marked by hand on scikit-image's astronaut and
/// cameraman), edited with OpenCV in the test: turned, shrunk into a landscape, darkened.</summary>
public sealed record FacePhoto(string Name, Mat Image, IReadOnlyList<Point2d> Faces) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

public static class FacePhotos
{
    private static readonly Point2d AstronautFace = new(226, 112);
    private static readonly Point2d CameramanFace = new(212, 160);

    public static IEnumerable<FacePhoto> WithFaces()
    {
        yield return new FacePhoto("astronaut", QualityPhotos.Skimage("astronaut.png"), [AstronautFace]);
        yield return new FacePhoto("cameraman (three-quarter view)", QualityPhotos.Skimage("camera.png"), [CameramanFace]);
        yield return Turned("astronaut turned 25°", QualityPhotos.Skimage("astronaut.png"), AstronautFace, 25);
        yield return Turned("cameraman turned -20°", QualityPhotos.Skimage("camera.png"), CameramanFace, -20);
        using (var astronaut = QualityPhotos.Skimage("astronaut.png"))
            yield return new FacePhoto("astronaut darkened to 30 %", QualityPhotos.Exposed(astronaut, 0.3, 0), [AstronautFace]);
        yield return Inset("astronaut at 50 % in a landscape", "Autumn", 0.5, AstronautFace);
    }

    public static IEnumerable<FacePhoto> WithoutFaces()
    {
        foreach (var name in new[] { "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png", "coins.png" })
            yield return new FacePhoto(name.Split('.')[0], QualityPhotos.Skimage(name), []);
        foreach (var name in new[] { "Autumn", "BytheWater", "Path", "ColorfulCups", "Kite" })
            yield return new FacePhoto($"wallpaper {name}", QualityPhotos.Wallpaper(name), []);
    }

    private static FacePhoto Turned(string name, Mat photo, Point2d face, double degrees)
    {
        using (photo)
        {
            var centre = new Point2f(photo.Cols / 2f, photo.Rows / 2f);
            using var rotation = Cv2.GetRotationMatrix2D(centre, -degrees, 1);
            var turned = new Mat();
            Cv2.WarpAffine(photo, turned, rotation, photo.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
            var m = new double[6];
            rotation.GetArray(out m);
            return new FacePhoto(name, turned, [new Point2d(m[0] * face.X + m[1] * face.Y + m[2], m[3] * face.X + m[4] * face.Y + m[5])]);
        }
    }

    private static FacePhoto Inset(string name, string wallpaper, double scale, Point2d face)
    {
        var scene = QualityPhotos.Wallpaper(wallpaper);
        using var astronaut = QualityPhotos.Skimage("astronaut.png");
        using var small = new Mat();
        Cv2.Resize(astronaut, small, new Size((int)(astronaut.Cols * scale), (int)(astronaut.Rows * scale)), interpolation: InterpolationFlags.Area);
        var at = new Point(480, 200);
        using (var target = new Mat(scene, new Rect(at, small.Size()))) small.CopyTo(target);
        return new FacePhoto(name, scene, [new Point2d(at.X + face.X * scale, at.Y + face.Y * scale)]);
    }
}
