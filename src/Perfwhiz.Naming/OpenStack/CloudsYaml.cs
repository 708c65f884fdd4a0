namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// The clouds.yaml file of the OpenStack client tools: <c>clouds: &lt;name&gt;: {auth: {...}, region_name, interface, cacert, ...}</c>.
/// A cloud's settings are returned under the names of their environment variables, as the
/// OpenStack tools pair them: <c>auth.username</c> → <c>OS_USERNAME</c>, <c>region_name</c> → <c>OS_REGION_NAME</c>.
/// </summary>
internal static class CloudsYaml
{
    private const string FileName = "clouds.yaml";
    private static readonly string[] PasswordAuthTypes = ["password", "v3password", "v2password"];

    /// <summary>
    /// Where the OpenStack tools look, first found wins: <c>$OS_CLIENT_CONFIG_FILE</c>, ./clouds.yaml,
    /// ~/.config/openstack/clouds.yaml (or under <c>$XDG_CONFIG_HOME</c>), /etc/openstack/clouds.yaml.
    /// </summary>
    public static IReadOnlyList<string> SearchPath(IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var path = new List<string>();
        if (environment.TryGetValue("OS_CLIENT_CONFIG_FILE", out var explicitFile) && explicitFile.Length > 0)
        {
            path.Add(explicitFile);
        }

        path.Add(Path.Combine(currentDirectory, FileName));
        var configHome = environment.GetValueOrDefault("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome) && environment.TryGetValue("HOME", out var home) && home.Length > 0)
        {
            configHome = Path.Combine(home, ".config");
        }

        if (!string.IsNullOrEmpty(configHome))
        {
            path.Add(Path.Combine(configHome, "openstack", FileName));
        }

        path.Add(Path.Combine("/etc/openstack", FileName));
        return path;
    }

    /// <returns>The cloud's settings as OS_* variables, and the file they came from.</returns>
    /// <exception cref="PerfwhizException">No clouds.yaml, no such cloud, or a file perfwhiz cannot read.</exception>
    public static (Dictionary<string, string> Settings, string File) Load(string cloudName, IReadOnlyList<string> searchPath)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        var file = searchPath.FirstOrDefault(File.Exists)
            ?? throw new PerfwhizException($"the cloud '{cloudName}' was asked for but there is no clouds.yaml (looked for {string.Join(", ", searchPath)})");
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PerfwhizException($"cannot read {file}: {e.Message}", e);
        }

        return (Settings(YamlSubset.Parse(text, file), cloudName, file), file);
    }

    private static Dictionary<string, string> Settings(YamlNode root, string cloudName, string file)
    {
        var clouds = root.Mapping?.GetValueOrDefault("clouds")?.Mapping
            ?? throw new PerfwhizException($"{file}: no 'clouds:' mapping at the top");
        if (!clouds.TryGetValue(cloudName, out var cloudNode))
        {
            throw new PerfwhizException($"{file}: no cloud named '{cloudName}' (it has {(clouds.Count == 0 ? "none" : string.Join(", ", clouds.Keys))})");
        }

        var cloud = cloudNode.Mapping ?? throw new PerfwhizException($"{file}, line {cloudNode.Line}: the cloud '{cloudName}' should be a mapping of its settings");
        if (cloud.TryGetValue("profile", out var profile))
        {
            throw new PerfwhizException($"{file}, line {profile.Line}: the cloud '{cloudName}' uses a vendor profile, which perfwhiz does not know: write its auth_url and region_name in the file");
        }

        if (cloud.TryGetValue("auth_type", out var authType) && !PasswordAuthTypes.Contains(authType.Scalar, StringComparer.Ordinal))
        {
            throw new PerfwhizException($"{file}, line {authType.Line}: auth_type '{authType.Scalar}' is not supported: perfwhiz authenticates with a password");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        AddScalars(settings, cloud);
        if (cloud.TryGetValue("auth", out var auth))
        {
            AddScalars(settings, auth.Mapping ?? throw new PerfwhizException($"{file}, line {auth.Line}: 'auth' should be a mapping (auth_url, username, ...)"));
        }

        return settings;
    }

    private static void AddScalars(Dictionary<string, string> settings, IReadOnlyDictionary<string, YamlNode> mapping)
    {
        foreach (var (key, node) in mapping)
        {
            if (node.Scalar is { Length: > 0 } value)
            {
                settings["OS_" + key.ToUpperInvariant()] = value;
            }
        }
    }
}
