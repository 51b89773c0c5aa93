namespace MediaAspire.AppHost.Hosting;

public enum HealthStatus { Unknown, Healthy, Unhealthy }
