namespace Messaging.Sdk.Vendors.Enswitch;

/// <summary>Resolves an <c>emails/send</c> destination other than the plain <c>emails</c> list (<c>me</c>, <c>customer</c>, <c>billing</c>, ...) to addresses. Implemented by the host, which knows its customers; register it in DI and pass it to <c>SendAsync</c>.</summary>
public interface IEnswitchDestinationResolver
{
    /// <summary>Returns the addresses <paramref name="destination"/> stands for.</summary>
    /// <param name="destination">The destination; never <see cref="EnswitchDestination.Emails"/>.</param>
    /// <param name="request">The request, for its <c>auth_username</c> and <c>customer</c>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The recipients; empty sends nothing and answers a count of 0.</returns>
    ValueTask<IReadOnlyList<EmailAddress>> ResolveAsync(EnswitchDestination destination, EmailsSendRequest request, CancellationToken cancellationToken = default);
}
