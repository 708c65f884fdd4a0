namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// One step of the OpenStack exchange failed; the message is the one line the user sees. It never
/// leaves the library: <see cref="OpenStackServerList"/> turns it into a <see cref="VmSourceResult"/>.
/// </summary>
internal sealed class OpenStackFailure : Exception
{
    public OpenStackFailure()
    {
    }

    public OpenStackFailure(string message)
        : base("OpenStack: " + message)
    {
    }

    public OpenStackFailure(string message, Exception innerException)
        : base("OpenStack: " + message, innerException)
    {
    }
}
