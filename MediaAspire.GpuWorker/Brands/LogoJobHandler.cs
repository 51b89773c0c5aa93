using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Storage;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// The logo job: normalises the logo file the API stored and computes its features (<see cref="LogoFeatures"/>), then adds
/// the logo to its brand with the job's completion. It runs here rather than in the API because OpenCV's native library
/// needs what the worker's image has and the API's chiseled image does not (GTK, among others), and because decoding an
/// uploaded image is the kind of CPU work the API hands to workers. The stored file is deleted once the job has used it.
/// </summary>
public sealed class LogoJobHandler(IObjectStore store, StorageRetry retry) : IJobHandler
{
    public string Kind => JobKinds.Logo;

    public async Task<JobOutcome> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (context.Job.Parameters?.Deserialize<LogoJobParameters>(PlatformJson.Options) is not { } logo)
            return JobOutcome.Failed("The logo job names no logo file.");
        byte[] file;
        try
        {
            file = await retry.ExecuteAsync(async ct =>
            {
                await using var stream = await store.OpenReadAsync(logo.UploadKey, ct);
                using var bytes = new MemoryStream();
                await stream.CopyToAsync(bytes, ct);
                return bytes.ToArray();
            }, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return JobOutcome.Failed("The logo file is no longer stored (an earlier try of this job used it); add the logo again.");
        }

        NormalisedLogo normalised;
        try
        {
            normalised = LogoFeatures.Normalise(file);
        }
        catch (LogoRejectedException e)
        {
            await store.DeleteAsync(logo.UploadKey, CancellationToken.None);
            return JobOutcome.Failed(e.Message, result: new { code = LogoJobParameters.RejectedCode, title = e.Title });
        }
        return JobOutcome.Completed(new { logo_id = logo.LogoId, keypoints = normalised.Keypoints }, async (connection, transaction, ct) =>
        {
            await BrandRepository.InsertLogoAsync(logo.LogoId, logo.BrandId, logo.Filename, normalised, context.Job.TenantId, connection, transaction, ct);
            // Last, so a try that fails before this point still finds the file on the next try.
            await store.DeleteAsync(logo.UploadKey, ct);
        });
    }
}
