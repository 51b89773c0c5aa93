using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// One Keras convolution (Conv2D or DepthwiseConv2D) with the explicit ZeroPadding2D in front of it, if
/// the graph has one, its BatchNormalization and optionally ReLU6. With <c>foldBatchNorm</c> the
/// BatchNormalization is folded into the convolution's weight and bias at load time (the served model);
/// without, it runs as a separate BatchNorm2d (the plain network the benchmark compares against).
/// </summary>
internal sealed class ConvUnit : nn.Module<Tensor, Tensor>
{
    private readonly long[]? _zeroPadding;
    private readonly Conv2d conv;
    private readonly BatchNorm2d? batchNorm;
    private readonly bool _relu6;

    private ConvUnit(string name, long[]? zeroPadding, Conv2d conv, BatchNorm2d? batchNorm, bool relu6) : base(name)
    {
        _zeroPadding = zeroPadding;
        this.conv = conv;
        this.batchNorm = batchNorm;
        _relu6 = relu6;
        RegisterComponents();
    }

    /// <param name="layer">The Keras convolution layer's name.</param>
    /// <param name="batchNormLayer">The Keras BatchNormalization layer that follows it.</param>
    public static ConvUnit FromKeras(TfjsLayersModel model, string layer, string batchNormLayer, bool relu6, bool foldBatchNorm)
    {
        var config = model.Config(layer);
        var depthwise = model.ClassName(layer) == "DepthwiseConv2D";
        var kernelSize = config.GetProperty("kernel_size").EnumerateArray().Select(k => k.GetInt32()).ToArray();
        var strides = config.GetProperty("strides").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        var (padHeight, padWidth) = TfPadding.ForConvolution(config.GetProperty("padding").GetString()!, kernelSize, strides);
        var input = model.InputOf(layer);
        var zeroPadding = model.ClassName(input) == "ZeroPadding2D" ? TfPadding.ForZeroPadding(model.Config(input)) : null;

        // Keras kernels are [kh, kw, in, out] (Conv2D) or [kh, kw, channels, 1] (DepthwiseConv2D);
        // PyTorch wants [out, in / groups, kh, kw].
        var kernelName = depthwise ? $"{layer}/depthwise_kernel" : $"{layer}/kernel";
        var kernelShape = model.WeightShape(kernelName);
        var inChannels = kernelShape[2];
        var outChannels = depthwise ? inChannels * kernelShape[3] : kernelShape[3];
        if (depthwise && kernelShape[3] != 1) throw new NotSupportedException($"{layer}: depth_multiplier {kernelShape[3]} is not supported.");
        var hasBias = config.GetProperty("use_bias").GetBoolean();

        var conv = nn.Conv2d(inChannels, outChannels, (kernelSize[0], kernelSize[1]), stride: (strides[0], strides[1]),
            padding: (padHeight, padWidth), groups: depthwise ? inChannels : 1, bias: hasBias || foldBatchNorm);
        var batchNorm = foldBatchNorm ? null : nn.BatchNorm2d(outChannels, eps: model.Config(batchNormLayer).GetProperty("epsilon").GetDouble());

        using (NewDisposeScope())
        using (no_grad())
        {
            var kernel = tensor(model.Weight(kernelName, kernelShape).Values, kernelShape.Select(d => (long)d).ToArray())
                .permute(depthwise ? [2, 3, 0, 1] : [3, 2, 0, 1]);
            var bias = hasBias ? tensor(model.Weight($"{layer}/bias", outChannels).Values) : null;
            using var bn = BatchNormParameters.FromKeras(model, batchNormLayer, outChannels);
            if (foldBatchNorm)
            {
                var (foldedWeight, foldedBias) = BatchNormFolding.Fold(kernel, bias, bn);
                conv.weight!.copy_(foldedWeight);
                conv.bias!.copy_(foldedBias);
            }
            else
            {
                conv.weight!.copy_(kernel);
                if (bias is not null) conv.bias!.copy_(bias);
                batchNorm!.weight!.copy_(bn.Gamma);
                batchNorm.bias!.copy_(bn.Beta);
                batchNorm.running_mean!.copy_(bn.Mean);
                batchNorm.running_var!.copy_(bn.Variance);
            }
        }
        return new ConvUnit(layer, zeroPadding, conv, batchNorm, relu6);
    }

    public override Tensor forward(Tensor input)
    {
        // Intermediates are disposed as soon as they are used so a batch's activations do not pile up
        // until the caller's dispose scope ends.
        using var padded = _zeroPadding is null ? null : nn.functional.pad(input, _zeroPadding);
        var output = conv.forward(padded ?? input);
        if (batchNorm is not null)
        {
            using var convolved = output;
            output = batchNorm.forward(convolved);
        }
        return _relu6 ? output.relu6_() : output;
    }
}
