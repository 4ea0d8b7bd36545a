using System;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>
/// A Kestrel server on 127.0.0.1 standing in for token endpoints, IAM Credentials, STS and the metadata server (and the
/// API, through the generated Gemini client), a service-account key, and the test clock set to <see cref="AuthTestKit.Start"/>.
/// </summary>
public abstract class CredentialTest : LoopbackTest
{
    // Generating a 2048-bit key takes up to a second on a loaded machine: once per run, imported per test.
    private static readonly Lazy<byte[]> KeyMaterial = new(() =>
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKey();
    });

    protected CredentialTest()
    {
        Key = RSA.Create();
        Key.ImportPkcs8PrivateKey(KeyMaterial.Value, out _);

        // The tests' clock (LoopbackTest.Clock), moved to the instant iat/exp are computed from.
        Clock.SetUtcNow(AuthTestKit.Start);
    }

    protected RSA Key { get; }

    protected Uri TokenUri => new(Server.BaseUri, "token");

    protected GoogleCredentialsOptions CredentialOptions(Action<GoogleCredentialsOptions>? configure = null)
    {
        var options = new GoogleCredentialsOptions { TimeProvider = Clock, HttpClient = Http };
        configure?.Invoke(options);
        return options;
    }

    protected RecordedRequest[] RequestsTo(string path) => Server.Requests.Where(r => r.Path == path).ToArray();

    public override async Task DisposeAsync()
    {
        Key.Dispose();
        await base.DisposeAsync();
    }
}
