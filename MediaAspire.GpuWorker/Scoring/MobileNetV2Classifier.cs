using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// nsfwjs' Keras MobileNetV2 (alpha 1.0, 224x224) with its classification head, rebuilt layer by layer
/// from the tfjs topology and weights: Conv1 → 17 inverted-residual blocks → Conv_1 (1280) → 7x7 average
/// pool → Dense 256 ReLU → Dense 128 ReLU → Dense 5 softmax. Input [N, 3, 224, 224] RGB in [0, 1];
/// output [N, 5] probabilities in <see cref="ClassScores.ClassNames"/> order. The Dropout layers of the
/// head are identities at inference and are left out.
/// </summary>
internal sealed class MobileNetV2Classifier : nn.Module<Tensor, Tensor>
{
    private readonly ConvUnit stem;
    private readonly ModuleList<InvertedResidual> blocks;
    private readonly ConvUnit head;
    private readonly AvgPool2d pool;
    private readonly Linear dense1;
    private readonly Linear dense2;
    private readonly Linear dense3;

    private MobileNetV2Classifier(ConvUnit stem, ModuleList<InvertedResidual> blocks, ConvUnit head, AvgPool2d pool,
        Linear dense1, Linear dense2, Linear dense3) : base("mobilenet_v2")
    {
        this.stem = stem;
        this.blocks = blocks;
        this.head = head;
        this.pool = pool;
        this.dense1 = dense1;
        this.dense2 = dense2;
        this.dense3 = dense3;
        RegisterComponents();
    }

    /// <param name="foldBatchNorm">True for the served model; false keeps every BatchNormalization as its own layer.</param>
    public static MobileNetV2Classifier FromKeras(TfjsLayersModel model, bool foldBatchNorm)
    {
        var stem = ConvUnit.FromKeras(model, "Conv1", "bn_Conv1", relu6: true, foldBatchNorm);
        var blocks = new ModuleList<InvertedResidual>(InvertedResidual.FromKeras(model, "expanded_conv", foldBatchNorm));
        for (var i = 1; model.HasLayer($"block_{i}_project"); i++)
            blocks.Add(InvertedResidual.FromKeras(model, $"block_{i}", foldBatchNorm));
        var head = ConvUnit.FromKeras(model, "Conv_1", "Conv_1_bn", relu6: true, foldBatchNorm);
        var poolSize = model.Config("average_pooling2d_1").GetProperty("pool_size")[0].GetInt64();
        return new MobileNetV2Classifier(stem, blocks, head, nn.AvgPool2d(poolSize),
            Dense(model, "dense_1"), Dense(model, "dense_2"), Dense(model, "dense_3"));
    }

    public override Tensor forward(Tensor input)
    {
        var features = stem.forward(input);
        foreach (var block in blocks)
        {
            using var previous = features;
            features = block.forward(previous);
        }
        using (features)
        {
            using var expanded = head.forward(features);
            using var pooled = pool.forward(expanded);
            using var flat = pooled.flatten(1);
            using var hidden1 = dense1.forward(flat).relu_();
            using var hidden2 = dense2.forward(hidden1).relu_();
            using var logits = dense3.forward(hidden2);
            return logits.softmax(1);
        }
    }

    /// <summary>A Keras Dense layer: its kernel is [in, out], a Linear's weight is [out, in].</summary>
    private static Linear Dense(TfjsLayersModel model, string layer)
    {
        var kernelShape = model.WeightShape($"{layer}/kernel");
        var linear = nn.Linear(kernelShape[0], kernelShape[1]);
        using (NewDisposeScope())
        using (no_grad())
        {
            linear.weight!.copy_(tensor(model.Weight($"{layer}/kernel", kernelShape).Values, kernelShape[0], kernelShape[1]).t());
            linear.bias!.copy_(tensor(model.Weight($"{layer}/bias", kernelShape[1]).Values));
        }
        return linear;
    }
}
