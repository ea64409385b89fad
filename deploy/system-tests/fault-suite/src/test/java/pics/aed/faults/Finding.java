package pics.aed.faults;

import java.util.Collection;
import java.util.List;

/** What a check found wrong: its name, how many, and a few examples (ids) to start from. */
record Finding(String check, long count, List<String> examples) {

    /** How findings are counted in the fault table. */
    enum Category {
        LOST,
        DUPLICATED,
        OTHER
    }

    static Finding of(String check, Collection<String> found) {
        return new Finding(check, found.size(), found.stream().limit(5).toList());
    }

    Category category() {
        if (check.startsWith("lost") || check.startsWith("not applied")) {
            return Category.LOST;
        }
        if (check.startsWith("duplicated") || check.startsWith("applied twice")) {
            return Category.DUPLICATED;
        }
        return Category.OTHER;
    }

    @Override
    public String toString() {
        return check + ": " + count + " " + examples;
    }
}
