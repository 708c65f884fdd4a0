using YamlDotNet.RepresentationModel;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// The clouds.yaml file of the OpenStack client tools: <c>clouds: &lt;name&gt;: {auth: {...}, region_name, interface, cacert, ...}</c>.
/// A cloud's settings are returned under the names of their environment variables, as the
/// OpenStack tools pair them: <c>auth.username</c> → <c>OS_USERNAME</c>, <c>region_name</c> → <c>OS_REGION_NAME</c>.
/// The region is OS_REGION_NAME, else <c>region_name</c>, else the first of <c>regions:</c>, as openstacksdk
/// chooses it; a region of <c>regions:</c> brings its <c>values</c>. Anchors, aliases, merge keys, flow
/// collections and block scalars are YAML's own, read by YamlDotNet.
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
    /// <param name="cloudName">The cloud to read.</param>
    /// <param name="namedOnCommandLine">Whether the user typed the cloud's name (--os-cloud): then a cloud that no clouds.yaml has is their mistake, else (OS_CLOUD) a source that cannot be used.</param>
    /// <param name="searchPath">Where to look, first found wins (<see cref="SearchPath"/>).</param>
    /// <param name="regionOverride">OS_REGION_NAME, which wins over the file's region_name and regions.</param>
    /// <exception cref="PerfwhizException">--os-cloud names a cloud no clouds.yaml has.</exception>
    /// <exception cref="UnusableSourceException">The file cannot be read, is not YAML, or asks for what perfwhiz does not do.</exception>
    public static (Dictionary<string, string> Settings, string File) Load(string cloudName, bool namedOnCommandLine, IReadOnlyList<string> searchPath, string? regionOverride)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        var file = searchPath.FirstOrDefault(File.Exists);
        if (file is null)
        {
            throw Absent(namedOnCommandLine, $"the cloud '{cloudName}' was asked for but there is no clouds.yaml (looked for {string.Join(", ", searchPath)})");
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnusableSourceException($"cannot read {file}: {e.Message}", e);
        }

        var clouds = YamlMappings.Load(text, file) is YamlMappingNode root && YamlMappings.Entries(root, file).GetValueOrDefault("clouds") is YamlMappingNode cloudsNode
            ? YamlMappings.Entries(cloudsNode, file)
            : throw new UnusableSourceException($"{file}: no 'clouds:' mapping at the top");
        if (!clouds.TryGetValue(cloudName, out var cloudNode))
        {
            throw Absent(namedOnCommandLine, $"{file}: no cloud named '{cloudName}' (it has {(clouds.Count == 0 ? "none" : string.Join(", ", clouds.Keys))})");
        }

        var cloud = cloudNode as YamlMappingNode ?? throw new UnusableSourceException($"{file}, line {YamlMappings.Line(cloudNode)}: the cloud '{cloudName}' should be a mapping of its settings");
        return (Settings(YamlMappings.Entries(cloud, file), cloudName, file, regionOverride), file);
    }

    private static Exception Absent(bool namedOnCommandLine, string message) =>
        namedOnCommandLine ? new PerfwhizException(message) : new UnusableSourceException(message + " (OS_CLOUD)");

    private static Dictionary<string, string> Settings(Dictionary<string, YamlNode> cloud, string cloudName, string file, string? regionOverride)
    {
        if (cloud.TryGetValue("profile", out var profile))
        {
            throw new UnusableSourceException($"{file}, line {YamlMappings.Line(profile)}: the cloud '{cloudName}' uses a vendor profile, which perfwhiz does not know: write its auth_url and region_name in the file");
        }

        if (cloud.TryGetValue("auth_type", out var authType) && !PasswordAuthTypes.Contains(YamlMappings.Text(authType), StringComparer.Ordinal))
        {
            throw new UnusableSourceException($"{file}, line {YamlMappings.Line(authType)}: auth_type '{YamlMappings.Text(authType)}' is not supported: perfwhiz authenticates with a password");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        AddScalars(settings, cloud);
        if (cloud.TryGetValue("auth", out var auth))
        {
            AddScalars(settings, YamlMappings.Entries(auth as YamlMappingNode ?? throw new UnusableSourceException($"{file}, line {YamlMappings.Line(auth)}: 'auth' should be a mapping (auth_url, username, ...)"), file));
        }

        var regions = cloud.TryGetValue("regions", out var regionsNode) ? Regions(regionsNode, file) : [];
        var regionName = regionOverride ?? settings.GetValueOrDefault("OS_REGION_NAME") ?? (regions.Count > 0 ? regions[0].Name : null);
        if (regionName is null)
        {
            return settings;
        }

        settings["OS_REGION_NAME"] = regionName;
        if (regions.Count > 0)
        {
            var region = regions.Find(candidate => candidate.Name == regionName)
                ?? throw new UnusableSourceException($"{file}: the region '{regionName}'{(regionOverride is null ? string.Empty : " (OS_REGION_NAME)")} is not one of the cloud '{cloudName}''s regions ({string.Join(", ", regions.Select(candidate => candidate.Name))})");
            AddScalars(settings, region.Values);
        }

        return settings;
    }

    /// <summary>The cloud's <c>regions:</c> as openstacksdk reads them: each a name, or a mapping with its name and the settings (values) it changes.</summary>
    private static List<Region> Regions(YamlNode node, string file)
    {
        var regions = new List<Region>();
        foreach (var item in node is YamlSequenceNode sequence ? sequence.Children : throw new UnusableSourceException($"{file}, line {YamlMappings.Line(node)}: 'regions' should be a list"))
        {
            if (YamlMappings.Text(item) is { } name)
            {
                regions.Add(new Region(name, []));
                continue;
            }

            var entries = item is YamlMappingNode mapping ? YamlMappings.Entries(mapping, file) : null;
            var values = entries?.GetValueOrDefault("values");
            regions.Add(new Region(
                YamlMappings.Text(entries?.GetValueOrDefault("name")) ?? throw new UnusableSourceException($"{file}, line {YamlMappings.Line(item)}: a region should be a name or a mapping with its name"),
                values is YamlMappingNode valuesMapping ? YamlMappings.Entries(valuesMapping, file) : []));
        }

        return regions;
    }

    private sealed record Region(string Name, Dictionary<string, YamlNode> Values);

    private static void AddScalars(Dictionary<string, string> settings, Dictionary<string, YamlNode> mapping)
    {
        foreach (var (key, node) in mapping)
        {
            if (YamlMappings.Text(node) is { } value)
            {
                settings["OS_" + key.ToUpperInvariant()] = value;
            }
        }
    }
}
