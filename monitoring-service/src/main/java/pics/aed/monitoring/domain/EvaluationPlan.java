package pics.aed.monitoring.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one evaluation changes: conditions that hold and have no firing alert fire; firing alerts whose condition no
 * longer holds resolve; the rest keep firing. A rule that could not be evaluated (its audit failed) is neither fired nor
 * resolved: not knowing is not the same as the condition having stopped.
 *
 * @param toFire      conditions to fire, one per fingerprint
 * @param toResolve   firing alerts to resolve
 * @param stillFiring firing alerts whose condition still holds, with the condition as seen now (its summary may change)
 */
public record EvaluationPlan(List<Condition> toFire, List<Alert> toResolve, Map<Alert, Condition> stillFiring) {

    /**
     * @param holding the conditions that hold now, for every rule that was evaluated (an evaluated rule with nothing
     *                holding maps to an empty list)
     * @param firing  every alert firing now
     */
    public static EvaluationPlan of(Map<AlertRule, List<Condition>> holding, List<Alert> firing) {
        Map<String, Condition> holdingByFingerprint = new LinkedHashMap<>();
        holding.values()
                .forEach(conditions -> conditions.forEach(
                        condition -> holdingByFingerprint.putIfAbsent(condition.fingerprint(), condition)));
        Set<String> evaluatedRules = new HashSet<>();
        holding.keySet().forEach(rule -> evaluatedRules.add(rule.wireName()));

        List<Alert> toResolve = new ArrayList<>();
        Map<Alert, Condition> stillFiring = new LinkedHashMap<>();
        Set<String> alreadyFiring = new HashSet<>();
        for (Alert alert : firing) {
            alreadyFiring.add(alert.fingerprint());
            Condition condition = holdingByFingerprint.get(alert.fingerprint());
            if (condition != null) {
                stillFiring.put(alert, condition);
            } else if (evaluatedRules.contains(alert.rule())) {
                toResolve.add(alert);
            }
        }
        List<Condition> toFire = holdingByFingerprint.values().stream()
                .filter(condition -> !alreadyFiring.contains(condition.fingerprint()))
                .toList();
        return new EvaluationPlan(toFire, List.copyOf(toResolve), stillFiring);
    }
}
