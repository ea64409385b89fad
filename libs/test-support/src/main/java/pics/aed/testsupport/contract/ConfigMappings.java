package pics.aed.testsupport.contract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@code @ConfigMapping} interfaces on the classpath and the properties they map, read by reflection: a method is
 * a property (its name in kebab case, or {@code @WithName}), a method returning another interface is a group of them,
 * {@code @WithDefault} is the default. Finds interfaces added later without being told about them.
 */
public final class ConfigMappings {

    /** One property: its full name, its default if it has one, and the method that maps it. */
    public record Property(String name, Optional<String> defaultValue, String mappedBy)
            implements Comparable<Property> {
        @Override
        public int compareTo(Property other) {
            return name.compareTo(other.name);
        }
    }

    private ConfigMappings() {}

    /** Every {@code @ConfigMapping} interface in the classpath's packages under {@code packageName}. */
    public static List<Class<?>> onClasspath(String packageName) {
        List<Class<?>> mappings = new ArrayList<>();
        for (String className : classNames(packageName)) {
            Class<?> type = load(className);
            if (type != null && type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                mappings.add(type);
            }
        }
        return mappings;
    }

    public static Set<Property> propertiesOf(Class<?> mapping) {
        Set<Property> properties = new TreeSet<>();
        collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, properties);
        return properties;
    }

    private static void collect(String prefix, Class<?> group, Set<Property> into) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + nameOf(method);
            Class<?> nested = nestedGroup(method.getGenericReturnType());
            if (nested != null) {
                collect(isMap(method) ? name + ".*" : name, nested, into);
            } else {
                into.add(new Property(
                        isMap(method) ? name + ".*" : name,
                        Optional.ofNullable(method.getAnnotation(WithDefault.class))
                                .map(WithDefault::value),
                        group.getSimpleName() + "." + method.getName()));
            }
        }
    }

    private static String nameOf(Method method) {
        WithName named = method.getAnnotation(WithName.class);
        return named != null ? named.value() : kebab(method.getName());
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isMap(Method method) {
        return Map.class.isAssignableFrom(method.getReturnType());
    }

    /** The group interface a method returns, directly or inside Optional, a List or a Map's values; else null. */
    private static Class<?> nestedGroup(Type type) {
        if (type instanceof Class<?> plain) {
            return isGroup(plain) ? plain : null;
        }
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            return nestedGroup(arguments[arguments.length - 1]);
        }
        return null;
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface()
                && !type.getName().startsWith("java.")
                && !type.isAnnotationPresent(FunctionalInterface.class);
    }

    private static Set<String> classNames(String packageName) {
        String path = packageName.replace('.', '/');
        Set<String> names = new TreeSet<>();
        try {
            for (URL root : Collections.list(loader().getResources(path))) {
                if (root.getProtocol().equals("jar")) {
                    names.addAll(inJar(root, path));
                } else if (root.getProtocol().equals("file")) {
                    names.addAll(inDirectory(Path.of(root.toURI()), packageName));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static Set<String> inJar(URL root, String path) throws IOException {
        Set<String> names = new TreeSet<>();
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith(path + "/") && name.endsWith(".class"))
                    .forEach(name -> names.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.')));
        }
        return names;
    }

    private static Set<String> inDirectory(Path directory, String packageName) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(file -> file.toString().endsWith(".class")).forEach(file -> {
                String relative = directory.relativize(file).toString();
                names.add(packageName + "."
                        + relative.substring(0, relative.length() - ".class".length())
                                .replace(java.io.File.separatorChar, '.'));
            });
        }
        return names;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ConfigMappings.class.getClassLoader();
    }
}
