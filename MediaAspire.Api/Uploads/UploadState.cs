namespace MediaAspire.Api.Uploads;

public enum UploadState { Uploading, Completing, Completed }
