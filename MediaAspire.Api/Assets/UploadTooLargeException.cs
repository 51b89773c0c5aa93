namespace MediaAspire.Api.Assets;

internal sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload is larger than the {maxBytes:N0}-byte limit.");
