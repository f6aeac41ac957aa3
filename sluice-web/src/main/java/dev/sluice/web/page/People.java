package dev.sluice.web.page;

import dev.sluice.store.AccountRecords.User;
import dev.sluice.store.Accounts;
import dev.sluice.store.Project;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The people part of {@code /settings}: the project's members, and for an admin every other user (to add).
 *
 * @param members users who belong to the project
 * @param others users who do not (admins see every project anyway); empty for a member's view
 */
public record People(List<User> members, List<User> others) {

    public People {
        members = List.copyOf(members);
        others = List.copyOf(others);
    }

    static People of(Accounts accounts, Project project, boolean admin) {
        List<User> members = accounts.members(project.id());
        if (!admin) {
            return new People(members, List.of());
        }
        Set<String> in = members.stream().map(User::id).collect(Collectors.toSet());
        return new People(members, accounts.listUsers().stream().filter(u -> !in.contains(u.id())).toList());
    }
}
