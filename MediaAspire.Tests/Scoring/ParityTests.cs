using MediaAspire.GpuWorker.Inference;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Scoring;

/// <summary>Our TorchSharp network against the real nsfwjs on the same images.</summary>
[Collection("scoring")]
public sealed class ParityTests(ClassifierFixture fixture, ITestOutputHelper output)
{
    private const float Tolerance = 0.01f;

    [Theory]
    [MemberData(nameof(NsfwjsReference.ImageNames), MemberType = typeof(NsfwjsReference))]
    public void Every_class_probability_matches_nsfwjs(string image)
    {
        using var bgr = NsfwjsReference.ReadBgr(image);

        var scores = Assert.Single(fixture.Classifier.Score([bgr]));

        var expected = NsfwjsReference.Probabilities[image];
        var difference = NsfwjsReference.MaxAbsDifference(scores, expected);
        output.WriteLine($"{image} ({bgr.Width}x{bgr.Height}): max |ours - nsfwjs| = {difference:E2}; ours {scores}");
        Assert.InRange(difference, 0, Tolerance);
    }

    [Fact]
    public void A_batch_scores_each_image_as_it_scores_alone()
    {
        var images = NsfwjsReference.Probabilities.Keys.Select(NsfwjsReference.ReadBgr).ToArray();
        try
        {
            var batched = fixture.Classifier.Score(images);
            var alone = images.Select(image => Assert.Single(fixture.Classifier.Score([image]))).ToArray();

            Assert.Equal(images.Length, batched.Count);
            for (var i = 0; i < images.Length; i++)
                Assert.InRange(NsfwjsReference.MaxAbsDifference(batched[i], alone[i]), 0, 1e-5f);
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    [Fact]
    public void Folding_batch_norm_into_the_convolutions_keeps_the_outputs()
    {
        var model = TfjsLayersModel.Load(ModelDirectory.Resolve(null));
        using var folded = MobileNetV2Classifier.FromKeras(model, foldBatchNorm: true);
        using var plain = MobileNetV2Classifier.FromKeras(model, foldBatchNorm: false);
        folded.eval();
        plain.eval();
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var inference = TorchSharp.torch.inference_mode();
        using var image = NsfwjsReference.ReadBgr("autumn.png");
        var input = FramePreprocessor.ToModelInput(image).unsqueeze(0);

        var difference = (folded.forward(input) - plain.forward(input)).abs().max().item<float>();

        output.WriteLine($"max |folded - plain| = {difference:E2}");
        Assert.InRange(difference, 0, 1e-5f);
    }

    [Fact]
    public void Reports_the_model_and_the_device_it_runs_on()
    {
        Assert.Equal("nsfwjs/mobilenet_v2", fixture.Classifier.ModelName);
        Assert.Equal("4.4.0", fixture.Classifier.ModelVersion);
        Assert.Equal(TorchSharp.torch.cuda.is_available() ? "cuda" : "cpu", fixture.Classifier.Device);
    }

    [Fact]
    public void Probabilities_sum_to_one()
    {
        using var frame = new Mat(90, 160, MatType.CV_8UC3, new OpenCvSharp.Scalar(40, 120, 200));
        var s = Assert.Single(fixture.Classifier.Score([frame]));
        Assert.Equal(1f, s.Drawing + s.Hentai + s.Neutral + s.Porn + s.Sexy, 4);
    }
}
