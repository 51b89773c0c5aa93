namespace MediaAspire.Api.Uploads;

public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>Largest accepted upload in bytes; larger ones are answered with 413.</summary>
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest decoded clip accepted inline as JSON <c>video_base64</c>; bigger files use multipart or resumable uploads.</summary>
    public long MaxInlineBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest part of a resumable upload.</summary>
    public long MaxPartBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a resumable upload lives after its last activity before the sweeper removes it and its parts.</summary>
    public TimeSpan ResumableTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a completion holds its upload without renewing (it renews every third of this while it
    /// joins); after an API died mid-join, another complete may take the upload over once this has passed.</summary>
    public TimeSpan CompletionLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the API looks for expired resumable uploads.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
