namespace MediaAspire.Api.Uploads.Bodies;

internal sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload is larger than the {maxBytes:N0}-byte limit.");
