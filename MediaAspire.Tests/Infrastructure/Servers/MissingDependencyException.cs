namespace MediaAspire.Tests.Infrastructure.Servers;

/// <summary>A program the host needs is not installed; the message names the Debian package.</summary>
public sealed class MissingDependencyException(string program, string debianPackage)
    : Exception($"{program} is not installed: run 'sudo apt-get install {debianPackage}' (the README's run command does this for you).");
