using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace LLMEmbed.Core.Backbones;

/// <summary>Creates an inference session on the execution provider the options ask for.</summary>
internal static class OnnxSessionFactory
{
    public static (InferenceSession Session, string Provider) Create(string modelPath, BackboneOptions options, ILogger? logger)
    {
        if (options.ExecutionProvider == BackboneOptions.Cpu) return (CreateCpu(modelPath, options), BackboneOptions.Cpu);
        try
        {
            return (CreateCuda(modelPath, options), BackboneOptions.Cuda);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException
                                      or TypeInitializationException)
        {
            if (options.ExecutionProvider == BackboneOptions.Cuda)
                throw new InvalidOperationException(
                    $"The CUDA execution provider (device {options.CudaDeviceId}) could not be used for '{modelPath}': {e.Message} " +
                    "Check the NVIDIA driver, CUDA 12 and cuDNN 9 libraries, or choose execution provider 'cpu' or 'auto'.", e);
            logger?.LogWarning("CUDA execution provider unavailable ({Reason}); running '{Model}' on CPU.", e.Message, Path.GetFileName(modelPath));
            return (CreateCpu(modelPath, options), BackboneOptions.Cpu);
        }
    }

    private static InferenceSession CreateCpu(string modelPath, BackboneOptions options)
    {
        using var sessionOptions = BaseOptions(options);
        return new InferenceSession(modelPath, sessionOptions);
    }

    private static InferenceSession CreateCuda(string modelPath, BackboneOptions options)
    {
        using var sessionOptions = BaseOptions(options);
        sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        return new InferenceSession(modelPath, sessionOptions);
    }

    private static SessionOptions BaseOptions(BackboneOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (!options.AllowSpinning)
        {
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }
        return sessionOptions;
    }
}
