using Aspire.Hosting.ApplicationModel;

namespace MediaAspire.Hosting.LiveIngest;

/// <summary>nginx with Debian's rtmp module as a host process (run mode without containers), on its generated conf.</summary>
public sealed class HostNginxRtmpResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory)
{
    public const string EndpointName = "rtmp";

    private EndpointReference? _endpoint;

    public EndpointReference RtmpEndpoint => _endpoint ??= new(this, EndpointName);
}
