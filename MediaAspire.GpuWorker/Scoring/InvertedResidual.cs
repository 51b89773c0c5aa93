using TorchSharp;
using static TorchSharp.torch;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// A MobileNetV2 bottleneck block: 1x1 expand (absent in the first block) → 3x3 depthwise → 1x1 linear
/// project, plus the input when Keras adds it back (stride 1, same channel count).
/// </summary>
internal sealed class InvertedResidual : nn.Module<Tensor, Tensor>
{
    private readonly ConvUnit? expand;
    private readonly ConvUnit depthwise;
    private readonly ConvUnit project;
    private readonly bool _residual;

    private InvertedResidual(string name, ConvUnit? expand, ConvUnit depthwise, ConvUnit project, bool residual) : base(name)
    {
        this.expand = expand;
        this.depthwise = depthwise;
        this.project = project;
        _residual = residual;
        RegisterComponents();
    }

    /// <param name="prefix">The Keras layer name prefix: "expanded_conv" for the first block, then "block_1" … "block_16".</param>
    public static InvertedResidual FromKeras(TfjsLayersModel model, string prefix, bool foldBatchNorm)
    {
        // Keras' first block has no expansion; its layers are named expanded_conv_depthwise etc.
        var expand = model.HasLayer($"{prefix}_expand")
            ? ConvUnit.FromKeras(model, $"{prefix}_expand", $"{prefix}_expand_BN", relu6: true, foldBatchNorm)
            : null;
        var depthwise = ConvUnit.FromKeras(model, $"{prefix}_depthwise", $"{prefix}_depthwise_BN", relu6: true, foldBatchNorm);
        var project = ConvUnit.FromKeras(model, $"{prefix}_project", $"{prefix}_project_BN", relu6: false, foldBatchNorm);
        return new InvertedResidual(prefix, expand, depthwise, project, residual: model.HasLayer($"{prefix}_add"));
    }

    public override Tensor forward(Tensor input)
    {
        using var expanded = expand?.forward(input);
        using var filtered = depthwise.forward(expanded ?? input);
        var projected = project.forward(filtered);
        return _residual ? projected.add_(input) : projected;
    }
}
