using static TorchSharp.torch;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Folds an inference-mode BatchNormalization into the convolution before it:
/// <c>bn(conv(x)) = conv'(x)</c> with <c>w' = w * s</c>, <c>b' = beta + (b - mean) * s</c>, <c>s = gamma / sqrt(var + eps)</c>
/// per output channel. One convolution instead of a convolution plus four elementwise passes per layer.
/// </summary>
internal static class BatchNormFolding
{
    /// <param name="weight">Convolution weight, output channels first ([out, in/groups, kh, kw]).</param>
    /// <param name="bias">Convolution bias, or null when it has none.</param>
    public static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor? bias, BatchNormParameters bn)
    {
        using var scale = bn.Gamma / (bn.Variance + bn.Epsilon).sqrt();
        using var channelScale = scale.reshape(-1, 1, 1, 1);
        var foldedWeight = weight * channelScale;
        using var shifted = bias is null ? -bn.Mean : bias - bn.Mean;
        using var scaledShift = shifted * scale;
        var foldedBias = scaledShift + bn.Beta;
        return (foldedWeight, foldedBias);
    }
}

/// <summary>A Keras BatchNormalization's inference parameters, as [channels] tensors.</summary>
internal sealed record BatchNormParameters(Tensor Gamma, Tensor Beta, Tensor Mean, Tensor Variance, double Epsilon) : IDisposable
{
    public static BatchNormParameters FromKeras(TfjsLayersModel model, string layer, int channels)
    {
        Tensor Read(string name) => tensor(model.Weight($"{layer}/{name}", channels).Values);
        return new BatchNormParameters(Read("gamma"), Read("beta"), Read("moving_mean"), Read("moving_variance"),
            model.Config(layer).GetProperty("epsilon").GetDouble());
    }

    public void Dispose()
    {
        Gamma.Dispose();
        Beta.Dispose();
        Mean.Dispose();
        Variance.Dispose();
    }
}
