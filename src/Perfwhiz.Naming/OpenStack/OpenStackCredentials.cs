using System.Collections;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// Who to log in to Keystone as, gathered the way the OpenStack tools do: an openrc file (sourced
/// on top of the environment), a clouds.yaml cloud (<c>--os-cloud</c> or <c>OS_CLOUD</c>), or the
/// <c>OS_*</c> environment variables alone. The password comes from <c>-p</c>, else the openrc
/// file or clouds.yaml, else <c>OS_PASSWORD</c>, else a prompt that does not echo. It is kept out
/// of <see cref="ToString"/>, errors and everything this library prints.
/// </summary>
public sealed class OpenStackCredentials
{
    private const string DefaultDomainId = "default";

    private OpenStackCredentials(IReadOnlyDictionary<string, string> settings, string origin)
    {
        Origin = origin;
        var authUrl = Setting(settings, "OS_AUTH_URL") ?? throw new UnusableSourceException($"{origin}: no auth URL (OS_AUTH_URL, or auth_url in clouds.yaml)");
        if (!Uri.TryCreate(authUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UnusableSourceException($"{origin}: the auth URL '{authUrl}' is not an http:// or https:// URL");
        }

        (AuthUrl, Version) = Versioned(uri);
        Username = Setting(settings, "OS_USERNAME");
        UserId = Setting(settings, "OS_USER_ID");
        ProjectName = Setting(settings, "OS_PROJECT_NAME") ?? Setting(settings, "OS_TENANT_NAME");
        ProjectId = Setting(settings, "OS_PROJECT_ID") ?? Setting(settings, "OS_TENANT_ID");
        UserDomainName = Setting(settings, "OS_USER_DOMAIN_NAME");
        UserDomainId = Setting(settings, "OS_USER_DOMAIN_ID") ?? (UserDomainName is null ? DefaultDomainId : null);
        ProjectDomainName = Setting(settings, "OS_PROJECT_DOMAIN_NAME");
        ProjectDomainId = Setting(settings, "OS_PROJECT_DOMAIN_ID") ?? (ProjectDomainName is null ? DefaultDomainId : null);
        RegionName = Setting(settings, "OS_REGION_NAME");
        Interface = (Setting(settings, "OS_INTERFACE") ?? Setting(settings, "OS_ENDPOINT_TYPE") ?? "public").Replace("URL", string.Empty, StringComparison.Ordinal);
        CaCertificates = Setting(settings, "OS_CACERT");
        UnsupportedInsecure = Setting(settings, "OS_VERIFY") is "false" or "False" or "FALSE" or "no" or "off" ? "verify: false"
            : Setting(settings, "OS_INSECURE") is "true" or "True" or "TRUE" or "yes" or "1" or "on" ? "insecure (OS_INSECURE)"
            : null;
        if (Username is null && (UserId is null || Version == IdentityVersion.V2))
        {
            throw new UnusableSourceException($"{origin}: no user name (OS_USERNAME{(Version == IdentityVersion.V3 ? " or OS_USER_ID" : string.Empty)})");
        }

        if (ProjectName is null && ProjectId is null)
        {
            throw new UnusableSourceException($"{origin}: no project (OS_PROJECT_NAME or OS_PROJECT_ID): listing every project's servers needs a project-scoped token");
        }

        if (CaCertificates is not null && !File.Exists(CaCertificates))
        {
            throw new UnusableSourceException($"{origin}: the CA bundle {CaCertificates} (OS_CACERT) does not exist");
        }
    }

    /// <summary>The Keystone URL, with its version: /v3 added when the URL names none.</summary>
    public Uri AuthUrl { get; }

    public IdentityVersion Version { get; }

    public string? Username { get; }

    public string? UserId { get; }

    public string? UserDomainName { get; }

    /// <summary>The user's domain id; "default" when neither a domain name nor an id is given, as the OpenStack client does.</summary>
    public string? UserDomainId { get; }

    public string? ProjectName { get; }

    public string? ProjectId { get; }

    public string? ProjectDomainName { get; }

    public string? ProjectDomainId { get; }

    /// <summary>The region whose compute endpoint is used; null takes the first one.</summary>
    public string? RegionName { get; }

    /// <summary>The endpoint interface: public, internal or admin.</summary>
    public string Interface { get; }

    /// <summary>A PEM bundle of the CAs that sign the endpoints' certificates (OS_CACERT), besides the system's.</summary>
    public string? CaCertificates { get; }

    /// <summary>
    /// How the settings asked to skip the certificate checks (clouds.yaml's <c>verify: false</c>,
    /// OS_INSECURE), which perfwhiz does not do; null when they did not. The TLS failures say so.
    /// </summary>
    public string? UnsupportedInsecure { get; }

    /// <summary>Where the settings came from: "openrc file x", "clouds.yaml x, cloud 'y'", "OS_* environment variables".</summary>
    public string Origin { get; }

    /// <summary>The user as the messages name them: the user name, else the id.</summary>
    public string User => Username ?? UserId!;

    internal string Password { get; private set; } = string.Empty;

    /// <summary>
    /// The credentials the command line and the environment describe, or null when nothing asks for
    /// OpenStack: no <paramref name="rcFile"/>, no <paramref name="cloudName"/>, and neither
    /// <c>OS_CLOUD</c> nor <c>OS_AUTH_URL</c> in <paramref name="environment"/>.
    /// </summary>
    /// <param name="rcFile">The openrc file (<c>-r/--rc</c>).</param>
    /// <param name="cloudName">The clouds.yaml cloud (<c>--os-cloud</c>); <c>OS_CLOUD</c> when null and no openrc is given.</param>
    /// <param name="password">The password from the command line (<c>-p/--password</c>).</param>
    /// <param name="environment">The process environment.</param>
    /// <param name="promptPassword">Asks for the password without echo; returns null when it cannot ask.</param>
    /// <param name="cloudsYamlSearchPath">Where to look for clouds.yaml, first found wins (<see cref="CloudsYamlSearchPath"/>).</param>
    /// <exception cref="PerfwhizException">What the command line says is wrong: -r with --os-cloud, an openrc file that cannot be read, a --os-cloud no clouds.yaml has.</exception>
    /// <exception cref="UnusableSourceException">What the files or the environment hold is incomplete or unreadable, or no password can be had.</exception>
    public static OpenStackCredentials? Resolve(
        string? rcFile,
        string? cloudName,
        string? password,
        IReadOnlyDictionary<string, string> environment,
        PasswordPrompt promptPassword,
        IReadOnlyList<string> cloudsYamlSearchPath)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(promptPassword);
        if (rcFile is not null && cloudName is not null)
        {
            throw new PerfwhizException("an openrc file and a clouds.yaml cloud both name OpenStack credentials: give one of them");
        }

        var cloudNamedOnCommandLine = cloudName is not null;
        cloudName ??= rcFile is null ? Setting(environment, "OS_CLOUD") : null;
        Dictionary<string, string> settings;
        string origin;
        if (cloudName is not null)
        {
            (settings, var file) = CloudsYaml.Load(cloudName, cloudNamedOnCommandLine, cloudsYamlSearchPath, Setting(environment, "OS_REGION_NAME"));
            origin = $"{file}, cloud '{cloudName}'";
        }
        else if (rcFile is not null)
        {
            settings = OpenRcFile.Source(rcFile, environment);
            origin = $"openrc file {rcFile}";
        }
        else if (Setting(environment, "OS_AUTH_URL") is not null)
        {
            settings = environment.ToDictionary(StringComparer.Ordinal);
            origin = "OS_* environment variables";
        }
        else
        {
            return null;
        }

        // Checked before the password is asked for: nobody should type it for nothing.
        var credentials = new OpenStackCredentials(settings, origin);
        credentials.Password = NonEmpty(password)
            ?? Setting(settings, "OS_PASSWORD")
            ?? Setting(environment, "OS_PASSWORD")
            ?? NonEmpty(promptPassword($"OpenStack password for {credentials.User} at {credentials.AuthUrl}: "))
            ?? throw new UnusableSourceException($"no password for {credentials.User} ({origin}): give -p, set OS_PASSWORD, or run in a terminal to be asked");
        return credentials;
    }

    /// <summary><see cref="Resolve"/> with this process's environment and current folder.</summary>
    public static OpenStackCredentials? ResolveForThisProcess(string? rcFile, string? cloudName, string? password, PasswordPrompt promptPassword)
    {
        var environment = ProcessEnvironment();
        return Resolve(rcFile, cloudName, password, environment, promptPassword, CloudsYamlSearchPath(environment, Directory.GetCurrentDirectory()));
    }

    /// <summary>Where clouds.yaml is looked for, as the OpenStack tools do.</summary>
    public static IReadOnlyList<string> CloudsYamlSearchPath(IReadOnlyDictionary<string, string> environment, string currentDirectory) =>
        CloudsYaml.SearchPath(environment, currentDirectory);

    public override string ToString() => $"{User} at {AuthUrl} ({Origin})";

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment[(string)variable.Key] = (string?)variable.Value ?? string.Empty;
        }

        return environment;
    }

    private static string? Setting(IReadOnlyDictionary<string, string> settings, string name) => NonEmpty(settings.GetValueOrDefault(name));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Keystone v2.0 only when the URL says so; an unversioned URL gets /v3, the only live version.
    private static (Uri Url, IdentityVersion Version) Versioned(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        if (last == "v2.0")
        {
            return (url, IdentityVersion.V2);
        }

        return last.StartsWith("v3", StringComparison.Ordinal) ? (url, IdentityVersion.V3) : (new Uri($"{url.GetLeftPart(UriPartial.Authority)}{path}/v3"), IdentityVersion.V3);
    }
}
