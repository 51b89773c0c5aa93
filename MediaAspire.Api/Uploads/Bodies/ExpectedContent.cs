namespace MediaAspire.Api.Uploads.Bodies;

/// <summary>What the client declared up front; the stored bytes must match it or the upload is refused.</summary>
public sealed record ExpectedContent(long SizeBytes, string Sha256);
