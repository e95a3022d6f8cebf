import AccessEntries
import AwsAuth
import Kustomize
import PluginAPI
import RBAC

/// The registry rolecall ships with. Each built-in is registered the way a third-party plugin
/// would be: one line here.
public enum BuiltinPlugins {
    public static var registry: PluginRegistry {
        var registry = PluginRegistry()
        registry.register(AwsAuthEmitter())
        registry.register(AccessEntriesEmitter())
        registry.register(RBACEmitter())
        registry.register(KustomizeEmitter())
        return registry
    }
}
