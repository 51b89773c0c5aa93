using MediaAspire.GpuWorker.Quality;

namespace MediaAspire.Tests.Quality;

public sealed class FaceDetectorTests : IDisposable
{
    private readonly FaceDetector _detector = new();

    [Fact]
    public void Finds_the_face_in_the_astronaut_portrait()
    {
        using var astronaut = QualityPhotos.Skimage("astronaut.png");

        Assert.Equal(1, _detector.Count(astronaut));
    }

    [Theory]
    [InlineData("Autumn")]
    [InlineData("BytheWater")]
    [InlineData("Path")]
    public void Finds_no_face_in_a_landscape(string wallpaper)
    {
        using var landscape = QualityPhotos.Wallpaper(wallpaper);

        Assert.Equal(0, _detector.Count(landscape));
    }

    [Fact]
    public void Gives_the_same_answers_when_called_from_many_threads()
    {
        using var astronaut = QualityPhotos.Skimage("astronaut.png");
        using var coffee = QualityPhotos.Skimage("coffee.png");

        var counts = Enumerable.Range(0, 8).AsParallel().AsOrdered().WithDegreeOfParallelism(4)
            .Select(i => _detector.Count(i % 2 == 0 ? astronaut : coffee)).ToArray();

        Assert.Equal([1, 0, 1, 0, 1, 0, 1, 0], counts);
    }

    [Fact]
    public void Says_where_to_get_the_model_when_the_directory_holds_none()
    {
        var empty = Directory.CreateTempSubdirectory("mediaaspire-no-blazeface-").FullName;
        try
        {
            var error = Assert.Throws<DirectoryNotFoundException>(() => new FaceDetector(new FaceOptions { ModelDirectory = empty }));

            Assert.Equal($"Faces:ModelDirectory '{empty}' holds no face_detection_back_256x256_barracuda.onnx.", error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    public void Dispose() => _detector.Dispose();
}
