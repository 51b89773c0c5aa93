using MediaAspire.GpuWorker.Text;
using OpenCvSharp;

namespace MediaAspire.Tests.Text;

public sealed class OnScreenTextReaderFixture : IDisposable
{
    public OnScreenTextReader Reader { get; } = OnScreenTextReader.Load(new TextOptions());

    public void Dispose() => Reader.Dispose();
}

public sealed class OnScreenTextReaderTests(OnScreenTextReaderFixture fixture) : IClassFixture<OnScreenTextReaderFixture>, IDisposable
{
    private readonly TextPhotos _photos = new();

    [Theory]
    [InlineData("NORTHWIND COFFEE", 120, 520, 64)]
    [InlineData("Tickets 2026", 700, 80, 40)]
    [InlineData("Live at Berlin Arena", 60, 640, 28)]
    public async Task Reads_text_drawn_over_a_photo_exactly_where_it_is(string text, int x, int y, int fontSize)
    {
        using var image = await _photos.RenderAsync("Autumn", text, x, y, fontSize);

        var line = Assert.Single(fixture.Reader.Read(image));

        Assert.Equal(text, line.Text);
        Assert.InRange(line.Confidence, 0.8, 1);
        // The box covers the drawn glyphs: it starts within a few pixels of where drawtext put them and is about
        // as tall as the font.
        Assert.InRange(line.Box.X, x - 12, x + 6);
        Assert.InRange(line.Box.Y, y - 14, y + 10);
        Assert.InRange(line.Box.Height, fontSize * 0.7, fontSize * 1.6);
        Assert.InRange(line.Box.Width, fontSize * text.Length * 0.4, fontSize * text.Length * 0.9);
    }

    [Fact]
    public async Task Reading_a_part_finds_a_line_that_reaches_into_it_whole_and_nothing_elsewhere()
    {
        using var image = await _photos.RenderAsync("Autumn", "NORTHWIND COFFEE", 120, 520, 64);
        var whole = Assert.Single(fixture.Reader.Read(image));

        // A part that holds only the first letters: the line is read whole, where it is in the whole image.
        var line = Assert.Single(fixture.Reader.Read(image, [new Rect(130, 530, 50, 40)]));
        Assert.Equal("NORTHWIND COFFEE", line.Text);
        Assert.InRange(line.Box.X, whole.Box.X - 4, whole.Box.X + 4);
        Assert.InRange(line.Box.Right, whole.Box.Right - 4, whole.Box.Right + 4);
        Assert.InRange(line.Box.Y, whole.Box.Y - 4, whole.Box.Y + 4);

        // A part away from it: the line is not that part's.
        Assert.Empty(fixture.Reader.Read(image, [new Rect(900, 60, 120, 120)]));
    }

    [Fact]
    public async Task Reading_several_parts_reads_the_lines_in_each_and_none_between_them()
    {
        using var image = await _photos.RenderAsync("Autumn", "NORTHWIND COFFEE", 120, 560, 56);
        Cv2.PutText(image, "TICKETS", new Point(860, 130), HersheyFonts.HersheyDuplex, 2, OpenCvSharp.Scalar.White, 4, LineTypes.AntiAlias);
        Cv2.PutText(image, "HARBOR", new Point(520, 380), HersheyFonts.HersheyDuplex, 2, OpenCvSharp.Scalar.White, 4, LineTypes.AntiAlias);
        var whole = fixture.Reader.Read(image);
        Assert.Equal(["TICKETS", "HARBOR", "NORTHWIND COFFEE"], whole.Select(l => l.Text));

        // Parts at two corners, one holding the start of a line, the other a whole line: both lines are read whole,
        // where the whole image has them; the one between the parts (inside the rectangle around both) is not searched.
        var lines = fixture.Reader.Read(image, [new Rect(130, 570, 60, 40), new Rect(850, 80, 260, 60)]);

        Assert.Equal(["TICKETS", "NORTHWIND COFFEE"], lines.Select(l => l.Text));
        foreach (var line in lines)
        {
            var same = whole.Single(w => w.Text == line.Text);
            Assert.InRange(line.Box.X, same.Box.X - 4, same.Box.X + 4);
            Assert.InRange(line.Box.Right, same.Box.Right - 4, same.Box.Right + 4);
        }
    }

    [Fact]
    public async Task Reads_text_turned_by_twelve_degrees()
    {
        using var image = await _photos.RenderAsync("BytheWater", "SUMMER SALE", 420, 300, 56, degrees: 12);

        var line = Assert.Single(fixture.Reader.Read(image));

        Assert.Equal("SUMMER SALE", line.Text);
        // Turned text spans more height than its font: the upright box around it says so.
        Assert.True(line.Box.Height > 56 * 1.5, $"box {line.Box}");
    }

    [Fact]
    public async Task Reads_low_contrast_grey_on_grey_text()
    {
        using var image = await _photos.RenderAsync("Path", "Quiet Label", 200, 200, 44, color: "0x9c9c9c", box: "0x787878");

        var line = Assert.Single(fixture.Reader.Read(image));

        Assert.Equal("Quiet Label", line.Text);
    }

    [Theory]
    [InlineData("Autumn")]
    [InlineData("BytheWater")]
    [InlineData("Path")]
    public void Finds_no_text_in_a_photo_without_any(string photo)
    {
        using var image = TextPhotos.Plain(photo);

        Assert.Empty(fixture.Reader.Read(image));
    }

    [Fact]
    public void Says_where_to_get_the_models_when_the_directory_holds_none()
    {
        var empty = Directory.CreateTempSubdirectory("mediaaspire-no-ocr-").FullName;
        try
        {
            var error = Assert.Throws<DirectoryNotFoundException>(() => OnScreenTextReader.Load(new TextOptions { ModelDirectory = empty }));

            Assert.Equal($"Text:ModelDirectory '{empty}' holds no ch_PP-OCRv4_det_infer.onnx.", error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    public void Dispose() => _photos.Dispose();
}
