namespace Perfwhiz.Naming.OpenStack;

/// <summary>The Keystone API the auth URL names: v3, or the retired v2.0 when the URL ends in /v2.0.</summary>
public enum IdentityVersion
{
    V3,
    V2,
}
