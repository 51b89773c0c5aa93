using k8s.Models;

namespace MediaAspire.AppHost.Hosting;

/// <summary>The backing services as StatefulSets with persistent volumes (where their state lives) and Services.</summary>
internal static class KubernetesWorkloads
{
    public static object[] Postgres(PostgresServerResource postgres) => StatefulService(
        postgres.Name, $"{PostgresServerResource.Image}:{PostgresServerResource.ImageTag}", 5432, "/var/lib/postgresql/data", "10Gi",
        [
            SecretEnv("POSTGRES_PASSWORD", postgres.Password),
            new V1EnvVar { Name = "POSTGRES_USER", Value = PostgresServerResource.User },
            new V1EnvVar { Name = "POSTGRES_DB", Value = postgres.Databases.FirstOrDefault()?.DatabaseName ?? "postgres" },
            // A subdirectory: the volume's root holds lost+found, which initdb refuses.
            new V1EnvVar { Name = "PGDATA", Value = "/var/lib/postgresql/data/pgdata" },
        ],
        command: null,
        RequestsAndLimits(new("250m", "512Mi", "2", "2Gi")),
        new V1Probe { Exec = new V1ExecAction { Command = ["pg_isready", "-U", PostgresServerResource.User] }, PeriodSeconds = 10 });

    public static object[] Redis(RedisResource redis) => StatefulService(
        redis.Name, $"{RedisResource.Image}:{RedisResource.ImageTag}", 6379, "/data", "2Gi",
        [SecretEnv("REDIS_PASSWORD", redis.Password)],
        ["/bin/sh", "-c", "exec redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes"],
        RequestsAndLimits(new("100m", "128Mi", "1", "1Gi")),
        new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "tcp" }, PeriodSeconds = 10 });

    public static object[] Storage(ObjectStorageResource storage) => StatefulService(
        storage.Name, $"{ObjectStorageResource.Image}:{ObjectStorageResource.ImageTag}", 9000, "/data", "50Gi",
        [SecretEnv("MINIO_ROOT_USER", storage.AccessKey), SecretEnv("MINIO_ROOT_PASSWORD", storage.SecretKey)],
        ["minio", "server", "/data"],
        RequestsAndLimits(new("100m", "256Mi", "2", "2Gi")),
        new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/minio/health/ready", Port = "tcp" }, PeriodSeconds = 10 });

    public static V1ResourceRequirements RequestsAndLimits(ComputeResourcesAnnotation compute) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(compute.CpuRequest), ["memory"] = new(compute.MemoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(compute.CpuLimit), ["memory"] = new(compute.MemoryLimit) },
    };

    public static V1Service Service(string name, IDictionary<string, string> selector, string portName, int port) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = selector,
            Ports = [new V1ServicePort { Port = port, Name = portName, TargetPort = portName }],
        },
    };

    private static V1EnvVar SecretEnv(string name, ParameterResource parameter) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = parameter.Name, Name = KubernetesPublisher.ParametersSecret } } };

    private static object[] StatefulService(string name, string image, int port, string dataPath, string size,
        List<V1EnvVar> env, List<string>? command, V1ResourceRequirements resources, V1Probe readiness)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name };
        var statefulSet = new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1StatefulSetSpec
            {
                ServiceName = name,
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = name,
                                Image = image,
                                Command = command,
                                Env = env,
                                Ports = [new V1ContainerPort { ContainerPort = port, Name = "tcp" }],
                                VolumeMounts = [new V1VolumeMount { MountPath = dataPath, Name = "data" }],
                                Resources = resources,
                                ReadinessProbe = readiness,
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = "data" },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                        },
                    },
                ],
            },
        };
        return [statefulSet, Service(name, labels, "tcp", port)];
    }
}
