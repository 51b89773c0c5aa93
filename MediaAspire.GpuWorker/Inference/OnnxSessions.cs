using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace MediaAspire.GpuWorker.Inference;

/// <summary>
/// Opens ONNX Runtime sessions the same way for every ONNX model the worker runs (OCR, faces).
/// <para>Device: the worker references the CPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime), which has no CUDA
/// execution provider, so on dev machines and CI every session runs on the CPU. A GPU image built against the CUDA
/// build (Microsoft.ML.OnnxRuntime.Gpu.Linux) lists "CUDAExecutionProvider"; sessions then ask for it, and if CUDA
/// itself cannot start (no driver, no device) they fall back to the CPU instead of failing.</para>
/// <para>Threads: the keyframe models are small and share the machine with ffmpeg and LibTorch, so a session uses
/// at most two intra-op threads, one inter-op thread, and no spinning (ONNX Runtime's idle threads otherwise busy-wait
/// on cores the decoder and the scorer need).</para>
/// </summary>
internal static class OnnxSessions
{
    private const string CudaProvider = "CUDAExecutionProvider";
    private const int MaxIntraOpThreads = 2;

    /// <summary>"cuda" when this build of ONNX Runtime has a CUDA provider, else "cpu".</summary>
    public static string Device { get; } = OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider) ? "cuda" : "cpu";

    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    public static InferenceSession Open(string modelPath)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"The model {modelPath} is missing: run scripts/fetch-models.sh (run.sh and test.sh do).", modelPath);
        if (Device == "cuda")
        {
            try
            {
                using var cuda = Options();
                cuda.AppendExecutionProvider_CUDA();
                return new InferenceSession(modelPath, cuda);
            }
            catch (OnnxRuntimeException)
            {
                // The provider is built in but CUDA could not start here: the CPU runs the same model.
            }
        }
        using var cpu = Options();
        return new InferenceSession(modelPath, cpu);
    }

    private static SessionOptions Options()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Clamp(Environment.ProcessorCount, 1, MaxIntraOpThreads),
            InterOpNumThreads = 1,
            // The exported models carry unused initialisers; ONNX Runtime warns about each on every load.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
