import AccessEntries
import AccessPolicyGuard
import AwsAuth
import EscalationGuard
import IdentityGuard
import Kustomize
import LockoutGuard
import PluginAPI
import RBAC
import TypoGuard
import ValidityGuard

/// The registry rolecall ships with. Each built-in is registered the way a third-party plugin
/// would be: one line here.
public enum BuiltinPlugins {
    public static var registry: PluginRegistry {
        var registry = PluginRegistry()
        registry.register(AwsAuthEmitter())
        registry.register(AccessEntriesEmitter())
        registry.register(RBACEmitter())
        registry.register(KustomizeEmitter())
        registry.register(AwsAuthSizeGuard())
        registry.register(LockoutGuard() as any BundleGuard)
        registry.register(EscalationGuard())
        registry.register(IdentityGuard())
        registry.register(ValidityGuard())
        registry.register(TypoGuard())
        registry.register(AccessPolicyGuard())
        return registry
    }
}
