import { Decider, DomainError, DomainEvent, foldEvents } from '../../core/src';

/**
 * Given / when / then for deciders:
 *   given([...history]).when(command).then([...expected events])
 *   .thenThrows(ErrorClass, 'CODE') or .thenNothingHappened()
 */
export function DeciderSpecification<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
) {
  return {
    given(history: readonly Event[]) {
      return {
        when(command: Command) {
          const run = (): readonly Event[] => decider.decide(command, foldEvents(decider, history));
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenNothingHappened(): void {
              expect(run()).toEqual([]);
            },
            thenThrows(errorClass: new (...args: never[]) => DomainError, code?: string): DomainError {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (code !== undefined) expect((thrown as DomainError).code).toBe(code);
              return thrown as DomainError;
            },
          };
        },
      };
    },
  };
}
